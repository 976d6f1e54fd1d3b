"""The probes: trusted functions run in the worker beside the student's code, as probe(student_fn, *args), that
observe what exists only there (memory sharing, `.grad`, a trained model) and return plain data for the checks to
judge. One module per lesson, `shared` for those several lessons use; none computes an answer of an exercise."""
