"""Renderers of `Results`: each is one function of the results, none prints."""
