"""hw12 language models: characters, a vocabulary, n-gram counts, sampling (X, Y) batches, an RNN by hand,
gradient clipping, a character-level RNN trained on Python's own documentation, greedy continuation.

Oracles are public: the formulas the notebook states (direct counting, the course's sampling rules), nn.RNN and
nn.Linear given the same weights, torch.nn.utils.clip_grad_norm_, nn.CrossEntropyLoss, and the course's training
loop run here from the same initial weights. The text is `pydoc_data.topics` (the reference manual that ships with
Python), split here by topic into training and held-out text; the held-out text reaches the worker only as the inputs
whose next characters are scored, and the perplexity is computed here. The probes are in
`autograder.sandboxed.probes.hw12`, the stand-ins in `autograder.standins.hw12`.
"""

from __future__ import annotations

import functools
import importlib
import math
import random
import re
from collections import Counter
from typing import Any

import torch
from hypothesis import strategies as st
from torch import nn

from autograder.i18n import N_, _
from autograder.lessons.shared import by_hand_mistakes
from autograder.properties import Mistake, property_check
from autograder.rubric import Context, Lesson
from autograder.sandboxed.probes.hw12 import (
    GRAPH_FREED,
    char_layers,
    counted,
    epoch_setup,
    observation,
    probe_char_rnn,
    probe_clip,
    probe_ngrams,
    probe_predict,
    probe_random_batches,
    probe_rnn_forward,
    probe_sequential_batches,
    probe_train_char_model,
    probe_train_epoch,
    probe_vocab,
    seeded_char_model,
    writer,
)
from autograder.sandboxed.probes.shared import parameters_of
from autograder.standins.hw12 import (
    CharRNNReference,
    VocabReference,
    clip_gradients_reference,
    ngram_counts_reference,
    sequential_batches_reference,
    train_epoch_reference,
)
from autograder.strategies import scalars
from autograder.training import Contract, Split, Trained, training_check

SEEDS = st.integers(0, 1000)
UNK = "<unk>"


# 1. Characters.


def tokenize_reference(text, *, lower_first=True, runs=True):
    pattern = "[^a-z]+" if runs else "[^a-z]"
    return list(re.sub(pattern, " ", text.lower()) if lower_first else re.sub(pattern, " ", text).lower())


TEXTS = st.text(alphabet="abZ .,-\n1é", max_size=12).map(lambda s: (s,))

WORDS_HINT = N_("Return the characters, not the words: list(cleaned_text).")
ALPHABETICAL_HINT = N_("The tokens are in alphabetical order: after '<unk>' and the reserved tokens they come by "
                       "decreasing frequency (Counter(tokens).most_common()).")
TOO_FEW_HINT = N_("One character too few: write exactly num_chars characters after the prefix.")


# 2. The vocabulary (the course's Vocab, `VocabReference`) and what the probe observes of one.


def vocab_tokens(tokens, min_freq, reserved, *, order="frequency", rare="drop", twice=False) -> list[str]:
    """idx_to_token of the course's Vocab, or of a mistake's (alphabetical order, min_freq kept, tokens twice; rare
    "stop": the loop stops at the first rare token, as the course's does, which only a frequency order makes right)."""
    itos = [UNK, *reserved]
    ranked = Counter(tokens).most_common() if order == "frequency" else sorted(Counter(tokens).items())
    for token, freq in ranked:
        if freq < min_freq and rare == "stop":
            break
        if freq < min_freq or (rare == "inclusive" and freq <= min_freq):
            continue
        if twice or token not in itos:
            itos.append(token)
    return itos


def vocab_expected(tokens, min_freq, reserved, queries, indices, *, missing="unk", **variant) -> dict:
    itos = vocab_tokens(tokens, min_freq, reserved, **variant)
    stoi = {token: i for i, token in enumerate(itos)}
    unknown = [q for q in queries if q not in stoi]
    lookup: Any = [stoi.get(q, 0) for q in queries]
    if missing == "raise" and unknown:
        lookup = "raised KeyError"
    return {
        "idx_to_token": itos,
        "len": len(itos),
        "lookup": lookup,
        "one": "raised KeyError" if missing == "raise" and queries[0] not in stoi else stoi.get(queries[0], 0),
        "to_tokens": observation(lambda: [itos[i] for i in indices]),
        "to_token": observation(lambda: itos[indices[0]]),
    }


RESERVED = ("<pad>", "<bos>", "a")
QUERIES = ("a", "b", "c", "d", "?", "<pad>", UNK)


def _vocab_args(tokens, min_freq, reserved, queries, picks) -> tuple:
    size = len(vocab_tokens(tokens, min_freq, reserved))
    return (tokens, min_freq, reserved, queries, [p % size for p in picks])


VOCAB_ARGS = st.tuples(
    st.lists(st.sampled_from("abcd"), max_size=10), st.integers(0, 3),
    st.lists(st.sampled_from(RESERVED), unique=True, max_size=2),
    st.lists(st.sampled_from(QUERIES), min_size=1, max_size=4), st.lists(st.integers(0, 20), min_size=1, max_size=3),
).map(lambda t: _vocab_args(*t))
VOCAB_EXAMPLES = [
    _vocab_args(list("the time machine by h g wells"), 0, ["<pad>"], ["e", "?", "t"], [0, 1, 2, 3]),
    _vocab_args(list("abracadabra"), 2, ["<pad>", "a"], ["a", "b", "d", "c"], [1, 2, 3, 4]),
]

# 3-4. n-grams and conditional probabilities.


def ngrams_expected(tokens, n, **variant):
    return counted(ngram_counts_reference(tokens, n, **variant))


GRAM_TOKENS = st.text(alphabet="ab ", max_size=10).map(list)
NGRAM_ARGS = st.tuples(GRAM_TOKENS, st.integers(1, 3))
NGRAM_EXAMPLES = [(list("abab"), 2), (list("the cat sat"), 3), (list("aaa"), 1)]


def conditional_prob_reference(tokens, context, w, *, denominator="followed", reverse=False) -> float:
    """P(w | context) = n(context, w) / sum_v n(context, v); the variants are mistakes."""
    context = tuple(context)
    counts = ngram_counts_reference(tokens, len(context) + 1)
    numerator = counts[(w, *context) if reverse else (*context, w)]
    if denominator == "followed":
        total = sum(c for gram, c in counts.items() if gram[:-1] == context)
    elif denominator == "context":
        total = ngram_counts_reference(tokens, len(context))[context] if context else len(tokens)
    else:  # the number of (k+1)-grams: the joint probability
        total = max(len(tokens) - len(context), 0)
    return numerator / total if total else 0.0


CONDITIONAL_ARGS = st.tuples(GRAM_TOKENS, st.lists(st.sampled_from("ab "), max_size=2).map(tuple),
                             st.sampled_from("ab "))
CONDITIONAL_EXAMPLES = [(list("abab"), ("b",), "a"), (list("the cat sat on the mat"), ("t",), "h"),
                        (list("abcab"), ("a", "b"), "c")]

# 5. Perplexity.


def perplexity_reference(losses, counts) -> float:
    return math.exp(sum(loss * n for loss, n in zip(losses, counts)) / sum(counts))


PERPLEXITY_ARGS = st.integers(1, 4).flatmap(lambda k: st.tuples(
    st.lists(scalars(0, 4), min_size=k, max_size=k), st.lists(st.integers(1, 50), min_size=k, max_size=k)))

# 6. Random sampling: the batches are random, so the probe reports their properties.


def _windows(corpus, num_steps) -> int:
    return (len(corpus) - 1) // num_steps


def random_batches_expected(corpus, batch_size, num_steps, seed) -> dict:
    count = _windows(corpus, num_steps) // batch_size
    return {
        "batches": count,
        "shapes": [((batch_size, num_steps), (batch_size, num_steps))] if count else [],
        "dtypes": ["int64"] if count else [],
        "y_equals_x": False,
        "rows_are_windows": True,
        "y_is_next": True,
        "starts_at_multiples_of_num_steps": True,
        "each_window_once": True,
        "same_for_same_seed": True,
        "order_changes_with_seed": True,
    }


def _shuffled(length: int, seed: int) -> list[int]:
    ids = list(range(length))
    random.Random(seed).shuffle(ids)
    return ids


# At least one batch: a corpus of batch_size * num_steps + 1 ids or more.
RANDOM_ARGS = st.tuples(st.integers(0, 40), st.integers(1, 4), st.integers(1, 6), SEEDS).map(
    lambda t: (_shuffled(t[1] * t[2] + 1 + t[0], t[3]), t[1], t[2], t[3]))
# Every example has at least 8 windows, so that a shuffle with the global random state gives another order on
# the second call and an unshuffled epoch has the same order for every seed (the mistakes' observations).
RANDOM_EXAMPLES = [(_shuffled(50, 0), 2, 4, 0), (_shuffled(37, 1), 3, 3, 5), (list(range(60)), 2, 6, 0)]

# 7. Sequential sampling: deterministic, compared batch by batch.


def sequential_expected(corpus, batch_size, num_steps, **variant) -> list:
    return [[X, Y] for X, Y in sequential_batches_reference(corpus, batch_size, num_steps, **variant)]


SEQUENTIAL_ARGS = st.tuples(st.lists(st.integers(0, 9), min_size=1, max_size=40), st.integers(1, 4),
                            st.integers(1, 6))
SEQUENTIAL_EXAMPLES = [(list(range(30)), 2, 6), (list(range(23)), 3, 2)]

# 8. The RNN language model by hand, against nn.RNN + nn.Linear with the same weights.


def rnn_forward_reference(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    rnn = nn.RNN(W_xh.shape[0], W_xh.shape[1]).to(W_xh.dtype)
    dense = nn.Linear(W_hq.shape[0], W_hq.shape[1]).to(W_xh.dtype)
    with torch.no_grad():
        for p, w in zip((rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0, dense.weight, dense.bias),
                        (W_xh.T, W_hh.T, b_h, torch.zeros_like(b_h), W_hq.T, b_q)):
            p.copy_(w)
        outputs, h_n = rnn(inputs, state.unsqueeze(0))
        return dense(outputs), h_n[0]


def rnn_forward_variant(inputs, state, params, *, carry=True, steps=None, activation=torch.tanh, output=True,
                        before=False, last=True):
    """The loop with a mistake: state not carried, too few steps, no tanh, no output layer, O_t from H_{t-1}..."""
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, outputs = state, []
    for X in inputs[:steps]:
        new = activation(X @ W_xh + (H if carry else state) @ W_hh + b_h)
        shown = H if before else new
        outputs.append(shown @ W_hq + b_q if output else shown)
        H = new
    return torch.stack(outputs), (H if last else state)


def _rnn_args(num_steps, batch, input_size, hidden_size, num_outputs, seed) -> tuple:
    generator = torch.Generator().manual_seed(seed)

    def draw(*shape):
        return torch.rand(shape, generator=generator, dtype=torch.float64) * 2 - 1

    params = (draw(input_size, hidden_size), draw(hidden_size, hidden_size), draw(hidden_size),
              draw(hidden_size, num_outputs), draw(num_outputs))
    return (draw(num_steps, batch, input_size), draw(batch, hidden_size), params)


RNN_ARGS = st.tuples(st.integers(1, 4), st.integers(1, 3), st.integers(1, 4), st.integers(1, 4), st.integers(1, 4),
                     SEEDS).map(lambda t: _rnn_args(*t))
RNN_EXAMPLES = [_rnn_args(4, 2, 5, 3, 5, 1), _rnn_args(3, 1, 2, 4, 3, 2)]

# 9. Gradient clipping by the global norm, against torch.nn.utils.clip_grad_norm_.


def clipped_expected(grads, theta) -> dict:
    params = [torch.zeros_like(g, requires_grad=True) for g in grads]
    for p, g in zip(params, grads):
        p.grad = g.clone()
    nn.utils.clip_grad_norm_(params, theta)
    return {"grads": [p.grad for p in params]}


def clipped_variant(grads, theta, *, kind) -> dict:
    norm = math.sqrt(sum(float((g.double() ** 2).sum()) for g in grads))
    if kind == "per_tensor":
        out = [g * min(1.0, theta / max(float(g.double().norm()), 1e-12)) for g in grads]
    elif kind == "always":
        out = [g * (theta / norm) for g in grads]
    elif kind == "no_sqrt":
        squares = norm ** 2
        out = [g * (theta / squares) if squares > theta else g for g in grads]
    elif kind == "by_value":
        out = [g.clamp(-theta, theta) for g in grads]
    else:  # unchanged
        out = list(grads)
    return {"grads": out}


def _grads(sizes, scale, seed) -> list[torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    return [torch.randn(size, generator=generator) * scale for size in sizes]


CLIP_ARGS = st.tuples(st.lists(st.integers(1, 4), min_size=1, max_size=3), st.sampled_from([0.1, 1.0, 10.0]), SEEDS,
                      st.sampled_from([0.5, 1.0, 5.0])).map(lambda t: (_grads(t[0], t[1], t[2]), t[3]))
CLIP_EXAMPLES = [
    ([torch.tensor([3.0, 4.0]), torch.tensor([[0.0, 12.0]])], 1.0),    # norm 13: every gradient times 1/13
    ([torch.tensor([0.3, -0.4]), torch.tensor([0.5])], 1.0),           # norm 0.71 < 1: unchanged
    ([torch.tensor([0.6, 0.8]), torch.tensor([0.8, -0.6])], 1.0),      # each norm 1, together 1.41
]

# 10. The character-level RNN: the student's class with seeded weights against the same layers here.


def _seeded_char_model(vocab_size, hidden_size, seed) -> nn.Module:
    return seeded_char_model(CharRNNReference, vocab_size, hidden_size, seed)


def char_rnn_expected(vocab_size, hidden_size, X, state, seed) -> dict:
    model = _seeded_char_model(vocab_size, hidden_size, seed)
    with torch.no_grad():
        scores, new_state = model(X, None)
        scores_given, state_given = model(X, state)
    return {"layers": char_layers(vocab_size, hidden_size), "input_width": vocab_size, "scores": scores,
            "state": new_state, "scores_given_state": scores_given, "state_given_state": state_given}


def _char_rnn_args(vocab_size, hidden_size, batch, num_steps, seed) -> tuple:
    """Indices below vocab_size - 1, so that a one-hot without num_classes comes out too narrow."""
    generator = torch.Generator().manual_seed(seed)
    X = torch.randint(0, vocab_size - 1, (batch, num_steps), generator=generator)
    state = torch.rand(1, batch, hidden_size, generator=generator) * 2 - 1
    return (vocab_size, hidden_size, X, state, seed)


CHAR_RNN_ARGS = st.tuples(st.integers(3, 6), st.integers(1, 4), st.integers(1, 3), st.integers(1, 4), SEEDS).map(
    lambda t: _char_rnn_args(*t))
CHAR_RNN_EXAMPLES = [_char_rnn_args(5, 4, 2, 3, 1), _char_rnn_args(4, 3, 3, 2, 2)]

# 11. One epoch: the student's loop trains the seeded model; its loss and parameters must be the course loop's.


def train_epoch_expected(corpus, vocab_size, hidden_size, batch_size, num_steps, lr, theta, seed, **variant) -> dict:
    with torch.random.fork_rng(devices=[]):
        model, optimizer = epoch_setup(CharRNNReference, vocab_size, hidden_size, seed, lr)
        loss = train_epoch_reference(model, corpus, batch_size, num_steps, optimizer, theta, **variant)
    return {"loss": loss, "parameters": parameters_of(model)}


def _random_corpus(length, vocab_size, seed) -> list[int]:
    rng = random.Random(seed)
    return [rng.randrange(vocab_size) for _ in range(length)]


# Each example is several batches (so a state kept attached, gradients not zeroed or a state not carried all
# change the result) and clips at least some of its steps.
TRAIN_EPOCH_EXAMPLES = [
    (_random_corpus(120, 6, 0), 6, 8, 2, 5, 1.0, 0.5, 0),
    (_random_corpus(90, 5, 1), 5, 4, 3, 4, 0.5, 0.1, 1),
    (_random_corpus(40, 4, 2), 4, 3, 1, 6, 2.0, 1.0, 2),
]

# 12. The language model trained on Python's reference manual, scored by held-out perplexity.

TRAIN_CHARS = 100_000
HELD_ROWS, HELD_STEPS = 64, 64
CHAR_VOCAB_SIZE = 28  # '<unk>', the space and the 26 letters: tokenize keeps nothing else


@functools.cache
def _char_split() -> Split:
    """The reference manual's topics in sorted order, tokenized; every tenth topic (from the fourth) held out."""
    topics = importlib.import_module("pydoc_data.topics").topics
    keys = sorted(topics)
    held_keys = set(keys[3::10])
    train = tokenize_reference(" ".join(topics[k] for k in keys if k not in held_keys))
    test = tokenize_reference(" ".join(topics[k] for k in keys if k in held_keys))
    vocab = VocabReference(train)
    assert len(vocab) == CHAR_VOCAB_SIZE, vocab.idx_to_token
    held = torch.tensor(vocab[test[: HELD_ROWS * HELD_STEPS + 1]], dtype=torch.long)
    return Split(
        description=lambda: _(
            "pydoc_data.topics (Python's reference manual) as a-z and space: the first {chars} characters of "
            "{train_topics} topics to train, {rows} x {steps} characters of the other {held_topics} held out (every "
            "tenth topic)").format(chars=f"{TRAIN_CHARS:,}", train_topics=len(keys) - len(held_keys), rows=HELD_ROWS,
                                   steps=HELD_STEPS, held_topics=len(held_keys)),
        train_x=vocab[train[:TRAIN_CHARS]],
        train_y=len(vocab),
        test_x=held[:-1].view(HELD_ROWS, HELD_STEPS),
        test_y=held[1:].view(HELD_ROWS, HELD_STEPS),
    )


def char_data(context: Context) -> Split:
    return _char_split()


def perplexity_of_logits(predictions: torch.Tensor, labels: torch.Tensor) -> float:
    """exp of the mean cross-entropy of the scores (rows, steps, vocab) against the next characters (rows, steps)."""
    loss = nn.functional.cross_entropy(predictions.reshape(-1, predictions.shape[-1]).double(), labels.reshape(-1))
    return math.exp(min(float(loss), 700.0))


def diagnose_char_model(trained: Trained) -> str | None:
    """Names the likely mistake from the loss curve and the predictions of a failed run."""
    losses = trained.losses
    if not losses:
        return _("The loss history is empty: append the loss of each of the 3 epochs (is there a `return` inside "
                 "the loop?).")
    vocab_size = int(trained.predictions.shape[-1])
    if any(not math.isfinite(v) for v in losses) or max(losses) > 2 * math.log(vocab_size):
        return _("The loss explodes: with a learning rate of 50 every step must be clipped. Call "
                 "clip_gradients(model.parameters(), 0.01) after backward() and before optimizer.step().")
    repeats = float((trained.predictions.argmax(dim=-1) == trained.split.test_x).double().mean())
    if repeats > 0.5:
        return _("The model learned to repeat its input: it was trained with the labels equal to the inputs. The "
                 "labels are Y, the inputs shifted by one character.")
    if len(losses) < 3:
        return _("Train for 3 epochs: call train_epoch three times and keep each epoch's loss.")
    if losses[-1] > 0.97 * losses[0]:
        return _("The loss does not go down from epoch to epoch: the model (or its optimizer) is made again every "
                 "epoch, or the optimizer updates another model's parameters. Make one CharRNN and one "
                 "SGD(model.parameters(), lr=50) before the epochs.")
    return None


# The threshold, by bench/calibrate.py over seeds 0-4 (one CPU thread; CharRNN(28, 128), SGD lr 50, clipping 0.01,
# 3 epochs of sequential batches 32 x 32 over 100,000 characters, about 2 s): reference 8.31-8.46; two epochs
# 9.03-9.18 (passes: a correct model trained less); one epoch 10.19-10.37; model rebuilt every epoch 10.17-10.42;
# SGD lr 0.5 17.0-17.2; optimizer of another model (untrained) 27.4-28.4. For comparison, add-one smoothed n-grams
# counted on the same 100,000 characters: unigram 16.7, bigram 9.9, trigram 6.4; a uniform guess 28.
CHAR_THRESHOLD = 9.2
CHAR_CALIBRATION = N_(
    "Held-out perplexity over seeds 0-4: reference 8.31-8.46 (trains in about 2 s on one CPU thread); two epochs "
    "9.03-9.18; one epoch 10.19-10.37; model rebuilt every epoch 10.17-10.42; SGD with lr 0.5 17.0-17.2; an "
    "untrained model 27.4-28.4; a uniform guess 28; an add-one bigram model of the same text 9.9. Threshold 9.2; "
    "budget 20 s (about 10x the reference)."
)

USE_REFERENCE_COUNTS = {"ngram_counts": ngram_counts_reference}
USE_REFERENCE_EPOCH_HELPERS = {"sequential_batches": sequential_batches_reference,
                               "clip_gradients": clip_gradients_reference}
# probe_train_epoch seeds a model of the grader's CharRNN, which is never in the worker's view: it is sent too.
USE_REFERENCE_EPOCH = {**USE_REFERENCE_EPOCH_HELPERS, "CharRNN": CharRNNReference}
USE_REFERENCE_TRAINING = {**USE_REFERENCE_EPOCH, "train_epoch": train_epoch_reference}
# probe_predict seeds a model of the grader's CharRNN over the grader's Vocab.
USE_REFERENCE_WRITER = {"CharRNN": CharRNNReference, "Vocab": VocabReference}

# 13. Greedy continuation with a seeded model and the course's Vocab, made alike here and in the worker.


def predict_expected(text, prefix, num_chars, hidden_size, seed, *, warm_up=True, carry=True, keep_prefix=True,
                     extra=0) -> str:
    """The greedy continuation; the options are mistakes (no warm-up, state dropped, prefix left out, off by one)."""
    model, vocab = writer(CharRNNReference, VocabReference, text, hidden_size, seed)
    state = None
    written = []
    with torch.no_grad():
        for char in prefix if warm_up else prefix[-1]:
            scores, state = model(torch.tensor([[vocab[char]]]), state)
        for _ in range(num_chars + extra):
            index = int(scores[0, -1].argmax())
            written.append(vocab.to_tokens(index))
            scores, state = model(torch.tensor([[index]]), state if carry else None)
    return (prefix if keep_prefix else "") + "".join(written)


PREDICT_ARGS = st.text(alphabet="abcde ", min_size=1, max_size=12).flatmap(lambda text: st.tuples(
    st.just(text), st.text(alphabet=sorted(set(text)), min_size=1, max_size=4), st.integers(0, 8), st.integers(1, 5),
    SEEDS))
PREDICT_EXAMPLES = [("the time machine", "the ", 12, 8, 0), ("abcabc cab", "ab", 6, 3, 1)]

LESSON = Lesson(
    id="hw12",
    title=N_("Language models: characters, n-grams, sampling, an RNN by hand, clipping, a character-level RNN"),
    functions=("tokenize", "Vocab", "ngram_counts", "conditional_prob", "perplexity", "random_batches",
               "sequential_batches", "rnn_forward", "clip_gradients", "CharRNN", "train_epoch", "train_char_model",
               "predict"),
    checks=(
        property_check(
            id="tokenize",
            points=3,
            title=N_("tokenize(text): lower-case characters, every run of non-letters one space"),
            function="tokenize",
            argnames=("text",),
            oracle=tokenize_reference,
            inputs=TEXTS,
            examples=[("Hi, Bob!",), ("The Time Machine, by H. G. Wells",)],
            mistakes=[
                Mistake(N_("Lower-case the text before replacing the non-letters: upper-case letters are not in [a-z], "
                           "so they became spaces."), lambda text: tokenize_reference(text, lower_first=False)),
                Mistake(N_("Every run of non-letters must become ONE space: use the pattern '[^a-z]+' (with the +)."),
                        lambda text: tokenize_reference(text, runs=False)),
                Mistake(WORDS_HINT,
                        lambda text: re.sub("[^a-z]+", " ", text.lower()).split()),
                Mistake(WORDS_HINT,  # split(" ") gives [""] too
                        shows=lambda tokens: isinstance(tokens, list) and any(
                            not isinstance(t, str) or len(t) != 1 for t in tokens)),
                Mistake(N_("Return a list of characters, not the cleaned string: list(cleaned_text)."),
                        lambda text: re.sub("[^a-z]+", " ", text.lower())),
            ],
            hint=N_("return list(re.sub('[^a-z]+', ' ', text.lower()))."),
        ),
        property_check(
            id="Vocab",
            points=7,
            title=N_("Vocab(tokens, min_freq, reserved_tokens): '<unk>' = 0, reserved, then by frequency; lookups both ways"),
            function="Vocab",
            argnames=("tokens", "min_freq", "reserved_tokens", "looked_up", "indices"),
            oracle=vocab_expected,
            probe=probe_vocab,
            inputs=VOCAB_ARGS,
            examples=VOCAB_EXAMPLES,
            mistakes=[
                Mistake(N_("Looking up a token the vocabulary does not know raised KeyError: unknown tokens map to 0, "
                           "the index of '<unk>' (self.token_to_idx.get(token, 0))."),
                        lambda *a: vocab_expected(*a, missing="raise")),
                Mistake(ALPHABETICAL_HINT,
                        lambda *a: vocab_expected(*a, order="alphabetical")),
                Mistake(ALPHABETICAL_HINT,
                        lambda *a: vocab_expected(*a, order="alphabetical", rare="stop")),
                Mistake(N_("Tokens seen exactly min_freq times were left out: only those seen FEWER than min_freq "
                           "times are (freq < min_freq)."), lambda *a: vocab_expected(*a, rare="inclusive")),
                Mistake(N_("A reserved token that also occurs in the text was added twice: skip tokens already in "
                           "token_to_idx."), lambda *a: vocab_expected(*a, twice=True)),
            ],
            hint=N_("idx_to_token = ['<unk>'] + reserved_tokens; then for token, freq in Counter(tokens).most_common(): "
                    "stop at freq < min_freq, append tokens not yet in token_to_idx; __getitem__ uses "
                    "token_to_idx.get(token, 0) and maps lists element by element."),
        ),
        property_check(
            id="ngram_counts",
            points=7,
            title=N_("ngram_counts(tokens, n): the counts of all overlapping n-grams (checked by direct counting)"),
            function="ngram_counts",
            argnames=("tokens", "n"),
            oracle=ngrams_expected,
            probe=probe_ngrams,
            inputs=NGRAM_ARGS,
            examples=NGRAM_EXAMPLES,
            mistakes=[
                Mistake(N_("The last n-gram is missing: the starts are range(len(tokens) - n + 1), off by one."),
                        lambda tokens, n: ngrams_expected(tokens, n, last=False)),
                Mistake(N_("The n-grams must overlap: start one at every position (step 1), not every n tokens."),
                        lambda tokens, n: ngrams_expected(tokens, n, step=n)),
            ],
            hint=N_("Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))."),
        ),
        property_check(
            id="conditional_prob",
            points=7,
            title=N_("conditional_prob(tokens, context, w) = n(context, w) / sum_v n(context, v), 0.0 without data"),
            function="conditional_prob",
            argnames=("tokens", "context", "w"),
            oracle=conditional_prob_reference,
            inputs=CONDITIONAL_ARGS,
            examples=CONDITIONAL_EXAMPLES,
            replace=USE_REFERENCE_COUNTS,
            mistakes=[
                Mistake(N_("That is the joint probability P(context, w): divide by how often the context is followed by "
                           "a token, not by the number of n-grams."),
                        lambda *a: conditional_prob_reference(*a, denominator="joint")),
                Mistake(N_("The denominator counts the context at the very end of the text too, where no token follows "
                           "it: divide by sum_v n(context, v), the occurrences of the context that are followed by a "
                           "token."), lambda *a: conditional_prob_reference(*a, denominator="context")),
                Mistake(N_("The n-gram is in the wrong order: count context + (w,), the context first."),
                        lambda *a: conditional_prob_reference(*a, reverse=True)),
            ],
            hint=N_("counts = ngram_counts(tokens, len(context) + 1); total = sum of counts[g] over the n-grams g with "
                    "g[:-1] == tuple(context); return counts[tuple(context) + (w,)] / total, or 0.0 when total is 0."),
        ),
        property_check(
            id="perplexity",
            points=4,
            title=N_("perplexity(losses, counts) = exp(sum(l * n) / sum(n)), the average loss per token"),
            function="perplexity",
            argnames=("losses", "counts"),
            oracle=perplexity_reference,
            inputs=PERPLEXITY_ARGS,
            examples=[([2.0, 1.0], [10, 30]), ([1.5], [7])],
            mistakes=[
                Mistake(N_("The loss was summed, not averaged: the perplexity is exp of the AVERAGE loss per token, "
                           "sum(l * n) / sum(n)."), lambda losses, counts: math.exp(sum(losses))),
                Mistake(N_("The loss was summed, not averaged: divide the summed loss sum(l * n) by the number of "
                           "tokens sum(n) before exp."),
                        lambda losses, counts: math.exp(sum(x * n for x, n in zip(losses, counts)))),
                Mistake(N_("Each batch's loss must be weighted by its number of tokens: exp(sum(l * n) / sum(n)), not "
                           "the plain mean of the losses."),
                        lambda losses, counts: math.exp(sum(losses) / len(losses))),
                Mistake(N_("That is the mean of the per-batch perplexities: average the losses (weighted by the "
                           "tokens), then take exp once."),
                        lambda losses, counts: sum(math.exp(x) * n for x, n in zip(losses, counts)) / sum(counts)),
                Mistake(N_("That is the average loss: the perplexity is its exponential, math.exp(...)."),
                        lambda losses, counts: sum(x * n for x, n in zip(losses, counts)) / sum(counts)),
            ],
            hint=N_("math.exp(sum(l * n for l, n in zip(losses, counts)) / sum(counts))."),
            rtol=1e-5,
        ),
        property_check(
            id="random_batches",
            points=8,
            title=N_("random_batches: shuffled, non-overlapping windows at multiples of num_steps; Y is X shifted by one"),
            function="random_batches",
            argnames=("corpus", "batch_size", "num_steps", "seed"),
            oracle=random_batches_expected,
            probe=probe_random_batches,
            inputs=RANDOM_ARGS,
            examples=RANDOM_EXAMPLES,
            mistakes=[
                Mistake(N_("The labels are not shifted: Y equals X. Y is the next token of each input, "
                           "corpus[s + 1 : s + 1 + num_steps]."),
                        lambda c, b, n, s: {"y_equals_x": _windows(c, n) // b > 0}),
                Mistake(N_("The windows are not shuffled: the batches come in the same order for every seed. Shuffle "
                           "the starts with random.Random(seed).shuffle(starts)."),
                        lambda c, b, n, s: {"order_changes_with_seed": _windows(c, n) < 4}),
                Mistake(N_("The same seed gave other batches: shuffle with random.Random(seed), not with the global "
                           "random state (random.shuffle, torch.randperm)."),
                        lambda c, b, n, s: {"same_for_same_seed": _windows(c, n) < 2}),
                Mistake(N_("Only the first batch came back (a `return` inside the loop?): return all "
                           "num_examples // batch_size batches."),
                        lambda c, b, n, s: {"batches": min(1, _windows(c, n) // b)}),
            ],
            hint=N_("num_examples = (len(corpus) - 1) // num_steps; starts = [i * num_steps for i in "
                    "range(num_examples)]; random.Random(seed).shuffle(starts); for each of the num_examples // "
                    "batch_size batches, X rows corpus[s : s + num_steps] and Y rows corpus[s + 1 : s + 1 + num_steps]."),
        ),
        property_check(
            id="sequential_batches",
            points=8,
            title=N_("sequential_batches: adjacent windows, row b continues from batch to batch, every position once"),
            function="sequential_batches",
            argnames=("corpus", "batch_size", "num_steps"),
            oracle=sequential_expected,
            probe=probe_sequential_batches,
            inputs=SEQUENTIAL_ARGS,
            examples=SEQUENTIAL_EXAMPLES,
            mistakes=[
                Mistake(N_("The labels are not shifted: Y equals X. Y is X shifted by one token, the columns "
                           "start + 1 to start + 1 + num_steps."), lambda *a: sequential_expected(*a, shift=0)),
                Mistake(N_("Row b is not a contiguous stretch of the corpus: view the kept tokens as (batch_size, "
                           "batch_len), not (batch_len, batch_size) transposed."),
                        lambda *a: sequential_expected(*a, layout="columns")),
                Mistake(N_("Only the first batch came back (a `return` inside the loop?): return every batch."),
                        lambda *a: sequential_expected(*a, first_only=True)),
            ],
            hint=N_("batch_len = len(corpus) // batch_size; rows = torch.tensor(corpus[:batch_size * batch_len])"
                    ".view(batch_size, batch_len); for i in range((batch_len - 1) // num_steps): X = rows[:, i * "
                    "num_steps : i * num_steps + num_steps] and Y the same columns + 1."),
            exact_dtype=True,
        ),
        property_check(
            id="rnn_forward",
            points=10,
            title=N_("rnn_forward(inputs, state, params): H_t = tanh(X_t W_xh + H_{t-1} W_hh + b_h), O_t = H_t W_hq + b_q"),
            function="rnn_forward",
            argnames=("inputs", "state", "params"),
            oracle=rnn_forward_reference,
            inputs=RNN_ARGS,
            examples=RNN_EXAMPLES,
            probe=probe_rnn_forward,
            mistakes=[
                *by_hand_mistakes(N_("write the steps by hand: H = torch.tanh(X @ W_xh + H @ W_hh + b_h), then "
                                     "H @ W_hq + b_q.")),
                Mistake(N_("The hidden state is not carried: every step started from the initial state. Use H_{t-1}, "
                           "the state of the step before (H = tanh(...) inside the loop, then H @ W_hh)."),
                        lambda *a: rnn_forward_variant(*a, carry=False)),
                Mistake(N_("Only the first step was computed (a `return` inside the loop?): run every step, then "
                           "return."), lambda *a: rnn_forward_variant(*a, steps=1)),
                Mistake(N_("tanh is missing: H_t = tanh(X_t W_xh + H_{t-1} W_hh + b_h)."),
                        lambda *a: rnn_forward_variant(*a, activation=lambda v: v)),
                Mistake(N_("The output layer is missing: O_t = H_t W_hq + b_q, not H_t."),
                        lambda *a: rnn_forward_variant(*a, output=False)),
                Mistake(N_("O_t was computed from H_{t-1}: update H first, then O_t = H_t W_hq + b_q."),
                        lambda *a: rnn_forward_variant(*a, before=True)),
                Mistake(N_("The returned state is the initial one: return H_T, the state after the last step."),
                        lambda *a: rnn_forward_variant(*a, last=False)),
            ],
            hint=N_("H = state; for X in inputs: H = torch.tanh(X @ W_xh + H @ W_hh + b_h); keep H @ W_hq + b_q; "
                    "return (torch.stack(kept), H)."),
        ),
        property_check(
            id="clip_gradients",
            points=8,
            title=N_("clip_gradients(params, theta): the global gradient norm at most theta, in place (vs clip_grad_norm_)"),
            function="clip_gradients",
            argnames=("grads", "theta"),
            oracle=clipped_expected,
            probe=probe_clip,
            inputs=CLIP_ARGS,
            examples=CLIP_EXAMPLES,
            mistakes=[
                *by_hand_mistakes(N_("clip by hand: the global norm of all gradients, then every p.grad scaled in place by "
                                     "theta / norm when the norm is above theta.")),
                Mistake(N_("Each gradient was clipped by its own norm: the norm is global, the square root of the sum "
                           "of the squares of ALL gradients, and every gradient gets the same factor theta / norm."),
                        lambda g, t: clipped_variant(g, t, kind="per_tensor")),
                Mistake(N_("The gradients were scaled although their norm was below theta: scale only when "
                           "norm > theta."), lambda g, t: clipped_variant(g, t, kind="always")),
                Mistake(N_("The norm is the square root of the sum of squares: torch.sqrt(...) is missing."),
                        lambda g, t: clipped_variant(g, t, kind="no_sqrt")),
                Mistake(N_("That clips each value to [-theta, theta] (clip_grad_value_): clip by the global norm "
                           "instead, g * theta / norm."), lambda g, t: clipped_variant(g, t, kind="by_value")),
                Mistake(N_("The gradients did not change: change each p.grad in place (p.grad.mul_(theta / norm)), and "
                           "note that params may be a generator (model.parameters()) that can be read only once: "
                           "params = list(params) first."), lambda g, t: clipped_variant(g, t, kind="unchanged")),
            ],
            hint=N_("params = list(params); norm = torch.sqrt(sum((p.grad ** 2).sum() for p in params)); if norm > "
                    "theta: for p in params: p.grad.mul_(theta / norm)."),
        ),
        property_check(
            id="CharRNN",
            points=8,
            title=N_("CharRNN(vocab_size, hidden_size): one-hot -> nn.RNN -> nn.Linear, (scores, state) from X and a state"),
            function="CharRNN",
            argnames=("vocab_size", "hidden_size", "X", "state", "seed"),
            oracle=char_rnn_expected,
            probe=probe_char_rnn,
            inputs=CHAR_RNN_ARGS,
            examples=CHAR_RNN_EXAMPLES,
            max_examples=50,  # each example builds two models; 50 drawn shapes already cover the mistakes
            mistakes=[
                Mistake(N_("The one-hot vectors are not vocab_size wide: nn.functional.one_hot(X) without num_classes "
                           "makes them max(X) + 1 wide. Use nn.functional.one_hot(X, self.vocab_size).float()."),
                        lambda v, h, X, s, seed: {"input_width": int(X.max()) + 1}),
                Mistake(N_("The state argument is ignored: pass it to the RNN, self.rnn(inputs, state)."),
                        lambda *a: {"scores_given_state": char_rnn_expected(*a)["scores"]}),
                Mistake(N_("The scores are flattened: return them as (batch, num_steps, vocab_size), the Linear "
                           "applied to the RNN's output."),
                        lambda v, h, X, s, seed: {"scores": char_rnn_expected(v, h, X, s, seed)["scores"].reshape(-1, v)}),
            ],
            hint=N_("self.rnn = nn.RNN(vocab_size, hidden_size, batch_first=True), self.dense = nn.Linear(hidden_size, "
                    "vocab_size); forward: inputs = nn.functional.one_hot(X, vocab_size).float() (batch, num_steps, "
                    "vocab_size); outputs, state = self.rnn(inputs, state); return self.dense(outputs), state."),
        ),
        property_check(
            id="train_epoch",
            points=10,
            title=N_("train_epoch: the course's epoch (detached state, zero_grad, clipping) gives the same loss and weights"),
            function="train_epoch",
            argnames=("corpus", "vocab_size", "hidden_size", "batch_size", "num_steps", "lr", "theta", "seed"),
            oracle=train_epoch_expected,
            probe=probe_train_epoch,
            examples=TRAIN_EPOCH_EXAMPLES,
            replace=USE_REFERENCE_EPOCH,
            mistakes=[
                Mistake(N_("backward() ran into the previous batch's graph, already freed: the state carried from one "
                           "batch to the next must be detached first (state = state.detach())."),
                        lambda *a: {"raised": f"RuntimeError: {GRAPH_FREED}"}),
                Mistake(N_("The gradients were not zeroed: call optimizer.zero_grad() before every backward() "
                           "(gradients add up in .grad)."), lambda *a: train_epoch_expected(*a, zero_grad=False)),
                Mistake(N_("The gradients were not clipped: call clip_gradients(model.parameters(), theta) after "
                           "backward() and before optimizer.step()."), lambda *a: train_epoch_expected(*a, clip=False)),
                Mistake(N_("The labels are not shifted: the loss compares the scores with X, the inputs. Use Y, the "
                           "next characters."), lambda *a: train_epoch_expected(*a, shift=False)),
                Mistake(N_("The state is not carried between batches: keep the state the model returned and pass it, "
                           "detached, to the next batch (start from None only at the beginning of the epoch)."),
                        lambda *a: train_epoch_expected(*a, carry=False)),
                Mistake(N_("Only the first batch was trained (a `return` inside the batch loop?): go through every "
                           "batch, then return."), lambda *a: train_epoch_expected(*a, first_only=True)),
                Mistake(N_("The returned loss is the sum of the batches' losses: return the mean loss per token, the sum "
                           "of loss.item() * Y.numel() divided by the number of tokens."),
                        lambda *a: train_epoch_expected(*a, sum_losses=True)),
                Mistake(N_("The returned loss is the sum of loss.item() * Y.numel() over the batches, never divided: "
                           "return it divided by the number of tokens, the mean loss per token."),
                        lambda *a: train_epoch_expected(*a, undivided=True)),
            ],
            hint=N_("state = None; for X, Y in sequential_batches(...): detach the state if it is not None; scores, "
                    "state = model(X, state); loss = CrossEntropyLoss(scores.reshape(-1, vocab_size), Y.reshape(-1)); "
                    "zero_grad, backward, clip_gradients(model.parameters(), theta), step; return the mean loss."),
            rtol=1e-4,
            atol=1e-5,
        ),
        training_check(
            id="train_char_model",
            points=12,
            title=N_("train_char_model: a character RNN whose perplexity on held-out documentation is low"),
            function="train_char_model",
            probe=probe_train_char_model,
            data=char_data,
            metric=N_("held-out perplexity"),
            score=perplexity_of_logits,
            threshold=CHAR_THRESHOLD,
            lower_is_better=True,
            contract=Contract(output_shape=(HELD_STEPS, CHAR_VOCAB_SIZE), max_parameters=200_000),
            budget_seconds=20,
            calibration=CHAR_CALIBRATION,
            hint=N_("model = CharRNN(vocab_size, 128) and optimizer = torch.optim.SGD(model.parameters(), lr=50) once, "
                    "then losses = [train_epoch(model, corpus, 32, 32, optimizer, 0.01) for each of 3 epochs]; "
                    "return (model, losses)."),
            diagnose=diagnose_char_model,
            replace=USE_REFERENCE_TRAINING,
        ),
        property_check(
            id="predict",
            points=8,
            title=N_("predict(prefix, num_chars, model, vocab): the prefix warms up the state, then argmax characters"),
            function="predict",
            argnames=("text_of_vocab", "prefix", "num_chars", "hidden_size", "seed"),
            oracle=predict_expected,
            probe=probe_predict,
            inputs=PREDICT_ARGS,
            examples=PREDICT_EXAMPLES,
            max_examples=50,  # each example builds two models and runs them step by step
            mistakes=[
                Mistake(N_("The prefix did not warm up the state: run the model over every character of the prefix, "
                           "carrying the state, before the first prediction."),
                        lambda *a: predict_expected(*a, warm_up=False)),
                Mistake(N_("The state is not carried while writing: feed each new character with the state returned "
                           "for the one before."), lambda *a: predict_expected(*a, carry=False)),
                Mistake(N_("Return the prefix followed by the new characters, not the new characters alone."),
                        lambda *a: predict_expected(*a, keep_prefix=False)),
                Mistake(TOO_FEW_HINT,
                        lambda *a: predict_expected(*a, extra=-1)),
                Mistake(TOO_FEW_HINT,
                        lambda *a: predict_expected(*a)[:-1]),  # the last one dropped, with or without num_chars
                Mistake(N_("One character too many: write exactly num_chars characters after the prefix."),
                        lambda *a: predict_expected(*a, extra=1)),
            ],
            hint=N_("state = None; feed vocab[c] for each c of the prefix as a (1, 1) tensor, carrying the state; then "
                    "num_chars times: index = scores[0, -1].argmax(), append vocab.to_tokens(index), feed it back in."),
            replace=USE_REFERENCE_WRITER,
        ),
    ),
)
