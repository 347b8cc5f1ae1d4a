"""The trusted side's IMDB data: the real reviews where Keras can get them, else a synthetic stand-in.

``keras.datasets.imdb.load_data()`` needs ``imdb.npz`` (the 50,000 encoded reviews), which
Keras downloads; it is not available offline. The real *word index* is (the shared data
folder holds ``imdb_word_index.json`` in Keras's cache format). So:

* :func:`load_real` tries ``keras.datasets.imdb.load_data(num_words=...)`` and falls back
  to the stand-in only when Keras cannot get the data, saying so in
  :attr:`ImdbData.note`;
* :func:`synthetic` builds the **synthetic IMDB stand-in**: 25,000 training and 25,000
  test "reviews" encoded exactly like ``load_data(num_words=10000)`` (start token 1, unknown
  word 2, word index + 3, indices ``>= num_words`` become 2), whose words are real words of
  the real index:

  - review lengths are log-normal (median 174 words, mean about 239, a long tail, 10 to
    2,494 words), as in the real IMDB;
  - background words follow a Zipf-Mandelbrot law over the real index's ranks (the index
    value *is* the frequency rank: 1 = "the"), ``p(r) ∝ (r + 2.7) ** -1.2`` — "the" is
    about 6 % of the words and about 8 % fall outside the 10,000 most frequent words;
  - the sentiment is carried by 50 positive and 50 negative English words (``great``,
    ``excellent``, ... / ``awful``, ``worst``, ``boring``, ...), looked up in the real
    index: each word of a review becomes a sentiment word with a probability drawn per
    review (mean ``SENTIMENT_RATE`` = 8 %, Gamma-distributed: some reviews say little),
    chosen among the list by its own Zipf weight (``great`` is common, ``splendid`` rare);
    it agrees with the review's label with probability ``AGREE`` = 0.86, else it comes from
    the opposite list (irony, "not great");
  - then ``LABEL_NOISE`` = 4 % of the labels are flipped, so no model gets everything right;
  - each split is balanced (12,500 positive and 12,500 negative reviews before the flips).

  Measured (seed ``DEFAULT_SEED``): median 175 words, mean 239, "the" 5.9 % of the words,
  7.9 % unknown (index 2). It is made with vectorised NumPy from the seed (deterministic;
  then cached in the temporary folder, as generating it is costly) and tuned
  so that the book's network (3.4: ``Dense(16, relu)``, ``Dense(16, relu)``,
  ``Dense(1, sigmoid)``, rmsprop, 4 epochs, batch 512) trained on the 25,000 training
  reviews reaches 88.7-88.9 % test accuracy (seeds 0-2; training accuracy 92 %), as the
  book reports about 88 % for the real data. It is *not* the real IMDB: every message that
  uses it says "synthetic IMDB stand-in".

Reviews are kept flat (:class:`Reviews`: one int32 token array plus offsets) so that a
batch of them can be turned into a float32 multi-hot matrix at a time: the book's
``vectorize_sequences`` of all 25,000 test reviews would be 1 GB in float32 (2 GB in the
float64 that ``np.zeros`` gives by default).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import os
import sys
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from grader.authoring.data import DataNotConfigured, keras_file, keras_home, read_verified
from grader.authoring.datasets import explain_missing
from grader.paths import user_id, write_atomically

NUM_WORDS = 10000
"""The book's vocabulary: ``load_data(num_words=10000)``."""
START, OOV, INDEX_FROM = 1, 2, 3
"""Keras's encoding: the start token, the unknown word, and the offset of word indices."""
N_REVIEWS = 25_000
"""Reviews per split, as in the real IMDB."""
STANDIN = "synthetic IMDB stand-in"
"""How the stand-in is named in every message that uses it."""
REAL = "real IMDB reviews (keras.datasets.imdb.load_data)"

WORD_INDEX_FILE = "imdb_word_index.json"
WORD_INDEX_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json"
WORD_INDEX_MD5 = "bfafd718b763782e994055a2d397834f"
"""The hash ``keras.datasets.imdb.get_word_index()`` checks (the grader checks the file's SHA-256 in
:data:`grader.authoring.data.KNOWN_SHA256`)."""

POSITIVE_WORDS = (
    "great", "best", "love", "funny", "fun", "beautiful", "excellent", "classic", "enjoy",
    "recommend", "wonderful", "perfect", "entertaining", "loved", "amazing", "enjoyed",
    "favorite", "brilliant", "highly", "hilarious", "moving", "fantastic", "superb",
    "memorable", "powerful", "masterpiece", "sweet", "incredible", "impressive", "awesome",
    "charming", "beautifully", "touching", "terrific", "outstanding", "stunning",
    "fascinating", "gem", "wonderfully", "remarkable", "pleasure", "finest", "delightful",
    "brilliantly", "refreshing", "marvelous", "splendid", "tender", "heartwarming", "excellently",
)  # fmt: skip
NEGATIVE_WORDS = (
    "bad", "worst", "poor", "boring", "awful", "stupid", "terrible", "worse", "waste",
    "horrible", "crap", "annoying", "ridiculous", "cheap", "predictable", "dull", "avoid",
    "weak", "lame", "poorly", "badly", "mess", "fails", "wasted", "pointless", "failed",
    "pathetic", "garbage", "laughable", "disappointing", "disappointment", "mediocre",
    "redeeming", "nonsense", "sucks", "bland", "unfunny", "awkward", "dreadful", "embarrassing",
    "lousy", "tedious", "amateurish", "insult", "forgettable", "atrocious", "junk",
    "incoherent", "horrendous", "unwatchable",
)  # fmt: skip

# The stand-in's parameters (see the module docstring); changing one changes the data, so
# GENERATOR_VERSION names them in the cache key.
GENERATOR_VERSION = 1
LENGTH_MEDIAN, LENGTH_SIGMA, LENGTH_MIN, LENGTH_MAX = 174.0, 0.8, 10, 2494
ZIPF_EXPONENT, ZIPF_SHIFT = 1.2, 2.7
SENTIMENT_RATE = 0.08
"""Mean share of a review's words that are sentiment words."""
SENTIMENT_SHAPE = 2.0
"""Gamma shape of the per-review sentiment rate (small: some reviews say little)."""
AGREE = 0.86
"""Probability that a sentiment word agrees with the review's label."""
LABEL_NOISE = 0.04
"""Share of labels flipped at the end."""
DEFAULT_SEED = 20240301
_CHUNK = 1 << 20
"""Words handled at a time while generating (bounds the temporaries)."""


@dataclass(frozen=True)
class Reviews:
    """Encoded reviews, flat: review ``i`` is ``tokens[offsets[i]:offsets[i + 1]]``.

    Attributes:
        tokens: every review's word indices, concatenated (int32).
        offsets: ``(n + 1,)`` int64 start of each review in ``tokens``.
        labels: ``(n,)`` int64, 1 for a positive review.
    """

    tokens: np.ndarray
    offsets: np.ndarray
    labels: np.ndarray

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, i: int) -> np.ndarray:
        """Review ``i`` as an int32 array (a view: do not modify it)."""
        return self.tokens[self.offsets[i] : self.offsets[i + 1]]

    def sequences(self, start: int = 0, stop: int | None = None) -> list[np.ndarray]:
        """Reviews ``start:stop`` as a list of int32 arrays (copies)."""
        stop = len(self) if stop is None else stop
        return [self[i].copy() for i in range(start, stop)]

    def lengths(self) -> np.ndarray:
        """Words per review, start token included."""
        return np.diff(self.offsets)

    def multi_hot(self, start: int = 0, stop: int | None = None, dimension: int = NUM_WORDS, *,
                  out: np.ndarray | None = None) -> np.ndarray:
        """The book's ``vectorize_sequences`` of reviews ``start:stop``, float32 ``(stop - start, dimension)``.

        ``out``: the array to fill (of that shape and dtype), e.g. one in shared memory.
        """
        stop = len(self) if stop is None else min(stop, len(self))
        if out is None:
            out = np.zeros((stop - start, dimension), dtype=np.float32)
        elif out.shape != (stop - start, dimension) or out.dtype != np.float32:
            raise ValueError(f"out is {out.dtype} {out.shape}, expected float32 {(stop - start, dimension)}")
        else:
            out[...] = 0.0
        lo, hi = int(self.offsets[start]), int(self.offsets[stop])
        rows = np.repeat(np.arange(stop - start), np.diff(self.offsets[start : stop + 1]))
        out[rows, self.tokens[lo:hi]] = 1.0
        return out

    def batches(self, batch_size: int, stop: int | None = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """``(multi-hot float32 batch, labels)`` for reviews ``0:stop``, ``batch_size`` at a time."""
        stop = len(self) if stop is None else min(stop, len(self))
        for i in range(0, stop, batch_size):
            j = min(i + batch_size, stop)
            yield self.multi_hot(i, j), self.labels[i:j]


@dataclass(frozen=True)
class ImdbData:
    """The two splits and where they come from.

    Attributes:
        train, test: the reviews.
        synthetic: whether this is the synthetic IMDB stand-in.
        source: :data:`STANDIN` or :data:`REAL`, for messages.
        note: why the stand-in is used (empty for the real data).
    """

    train: Reviews
    test: Reviews
    synthetic: bool
    source: str
    note: str = ""


def reviews_from_lists(sequences: Sequence[Sequence[int]], labels: Any) -> Reviews:
    """Flatten Keras's object array of lists (what ``load_data`` returns) into :class:`Reviews`."""
    lengths = np.fromiter((len(s) for s in sequences), dtype=np.int64, count=len(sequences))
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    tokens = np.fromiter(itertools.chain.from_iterable(sequences), dtype=np.int32, count=int(offsets[-1]))
    return Reviews(tokens, offsets, np.asarray(labels, dtype=np.int64))


# --------------------------------------------------------------------------- the word index
def _keras() -> Any:
    """Keras, imported with ``KERAS_HOME`` at the private home when this is the first import."""
    if "keras" not in sys.modules:
        with contextlib.suppress(DataNotConfigured):  # else Keras's own ~/.keras (it downloads where it can)
            os.environ.setdefault("KERAS_HOME", str(keras_home()))
    import keras  # type: ignore[import-untyped]

    return keras


def word_index() -> dict[str, int]:
    """The real IMDB word index (word → frequency rank, 1 = "the"), as Keras gives it.

    When the data folder is configured, read from its ``keras/datasets/imdb_word_index.json``
    after checking the file's SHA-256 (:func:`grader.authoring.data.keras_file`): a changed file raises
    :class:`grader.authoring.data.DataIntegrityError` naming it, never a download attempt. Otherwise
    ``keras.datasets.imdb.get_word_index()`` (which downloads where it can).
    """
    return dict(_word_index())


_WORD_INDEX: dict[str, int] = {}


def _word_index() -> dict[str, int]:
    if not _WORD_INDEX:
        import json

        try:
            content = read_verified(keras_file(WORD_INDEX_FILE), WORD_INDEX_FILE)
        except DataNotConfigured:  # no data folder (or no word index in it): Keras's own, downloaded
            with explain_missing(WORD_INDEX_FILE):
                _WORD_INDEX.update(_keras().datasets.imdb.get_word_index())
        else:
            _WORD_INDEX.update(json.loads(content))
    return _WORD_INDEX


def sentiment_ranks(index: dict[str, int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Ranks (index values) of :data:`POSITIVE_WORDS` and :data:`NEGATIVE_WORDS` in the real index."""
    index = _word_index() if index is None else index
    missing = [w for w in (*POSITIVE_WORDS, *NEGATIVE_WORDS) if w not in index]
    if missing:
        raise ValueError(f"sentiment words missing from the IMDB word index: {missing}")
    return (np.array([index[w] for w in POSITIVE_WORDS]), np.array([index[w] for w in NEGATIVE_WORDS]))


# --------------------------------------------------------------------------- the stand-in
def _zipf_cdf(vocabulary: int) -> np.ndarray:
    p = (np.arange(1, vocabulary + 1, dtype=np.float64) + ZIPF_SHIFT) ** -ZIPF_EXPONENT
    cdf: np.ndarray = np.cumsum(p)
    cdf /= cdf[-1]
    return cdf


def _generate(index: dict[str, int], seed: int, num_words: int) -> tuple[Reviews, Reviews]:
    rng = np.random.default_rng(seed)
    n = 2 * N_REVIEWS
    vocabulary = max(index.values())
    pos, neg = sentiment_ranks(index)
    # labels: each split balanced, in random order
    labels = np.concatenate([rng.permutation(np.repeat([0, 1], N_REVIEWS // 2)) for _ in range(2)])
    words = np.clip(
        np.rint(rng.lognormal(np.log(LENGTH_MEDIAN), LENGTH_SIGMA, n)), LENGTH_MIN, LENGTH_MAX
    ).astype(np.int64)
    total = int(words.sum())
    review = np.repeat(np.arange(n, dtype=np.int32), words)  # the review of every word
    chunks = [(i, min(i + _CHUNK, total)) for i in range(0, total, _CHUNK)]  # bounded temporaries
    # background words: Zipf-Mandelbrot over the real index's ranks
    cdf, u = _zipf_cdf(vocabulary), rng.random(total)
    ranks = np.empty(total, dtype=np.int32)
    for i, j in chunks:
        ranks[i:j] = np.searchsorted(cdf, u[i:j], side="right") + 1
    # sentiment words: a per-review rate, a per-word coin, a polarity that agrees or not
    rate = SENTIMENT_RATE * rng.gamma(SENTIMENT_SHAPE, 1.0 / SENTIMENT_SHAPE, n)
    u = rng.random(total)
    hit = np.empty(total, dtype=bool)
    for i, j in chunks:
        hit[i:j] = u[i:j] < rate[review[i:j]]
    del u
    k = int(hit.sum())
    positive = (labels[review[hit]] == 1) == (rng.random(k) < AGREE)
    del review
    weights_pos = (pos + ZIPF_SHIFT) ** -ZIPF_EXPONENT  # frequent sentiment words stay frequent
    weights_neg = (neg + ZIPF_SHIFT) ** -ZIPF_EXPONENT
    ranks[hit] = np.where(
        positive,
        rng.choice(pos, size=k, p=weights_pos / weights_pos.sum()),
        rng.choice(neg, size=k, p=weights_neg / weights_neg.sum()),
    )
    del hit
    flip = rng.random(n) < LABEL_NOISE
    labels = np.where(flip, 1 - labels, labels)
    # Keras's encoding: [START] + (rank + 3), ranks past num_words become OOV
    codes = ranks
    codes += INDEX_FROM
    codes[codes >= num_words] = OOV
    offsets = np.concatenate([[0], np.cumsum(words + 1)])
    tokens = np.empty(int(offsets[-1]), dtype=np.int32)
    starts = offsets[:-1]
    body = np.ones(len(tokens), dtype=bool)
    body[starts] = False
    tokens[body] = codes
    del codes, body
    tokens[starts] = START
    cut = int(offsets[N_REVIEWS])
    train = Reviews(tokens[:cut], offsets[: N_REVIEWS + 1].copy(), labels[:N_REVIEWS].copy())
    test = Reviews(tokens[cut:], offsets[N_REVIEWS:] - cut, labels[N_REVIEWS:].copy())
    return train, test


def _cache_path(seed: int, num_words: int, index: dict[str, int]) -> Path:
    import tempfile

    digest = hashlib.sha256(
        repr((GENERATOR_VERSION, seed, num_words, len(index), sorted(sentiment_ranks(index)[0]),
              sorted(sentiment_ranks(index)[1]))).encode()
    ).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"dlgrade-imdb-standin-{user_id()}-{digest}.npz"


def _read_cache(path: Path) -> tuple[Reviews, Reviews]:
    """The stand-in saved by an earlier grading process (only our own, well-formed file)."""
    if path.stat().st_uid != user_id():
        raise ValueError(f"{path} belongs to another user")
    splits = []
    with np.load(path) as f:
        for name in ("train", "test"):
            reviews = Reviews(f[f"{name}_tokens"], f[f"{name}_offsets"], f[f"{name}_labels"])
            if len(reviews) != N_REVIEWS or len(reviews.offsets) != N_REVIEWS + 1 or reviews.offsets[-1] != len(reviews.tokens):
                raise ValueError(f"{path} is not a whole stand-in")
            splits.append(reviews)
    return splits[0], splits[1]


def _save(handle: BinaryIO, *, train: Reviews, test: Reviews) -> None:
    """Write the stand-in in the form :func:`_read_cache` reads."""
    np.savez(handle, train_tokens=train.tokens, train_offsets=train.offsets, train_labels=train.labels,
             test_tokens=test.tokens, test_offsets=test.offsets, test_labels=test.labels)


_STANDIN: dict[tuple[int, int], ImdbData] = {}


def synthetic(seed: int = DEFAULT_SEED, num_words: int = NUM_WORDS, note: str = "") -> ImdbData:
    """The synthetic IMDB stand-in (see the module docstring), cached on disk and in memory."""
    key = (seed, num_words)
    if key not in _STANDIN:
        index = _word_index()
        path = _cache_path(seed, num_words, index)
        try:
            train, test = _read_cache(path)
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
            train, test = _generate(index, seed, num_words)
            with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
                write_atomically(path, functools.partial(_save, train=train, test=test), mode=0o600)
        _STANDIN[key] = ImdbData(train, test, synthetic=True, source=STANDIN, note=note)
    data = _STANDIN[key]
    return data if data.note == note else ImdbData(data.train, data.test, True, STANDIN, note)


_REAL: dict[int, ImdbData] = {}


def load_real(num_words: int = NUM_WORDS) -> ImdbData:
    """The real IMDB reviews from ``keras.datasets.imdb.load_data(num_words=...)``.

    Falls back to the :func:`synthetic` stand-in only when Keras cannot get ``imdb.npz``
    (no cached copy and no network); :attr:`ImdbData.note` then says why.
    """
    if num_words not in _REAL:
        keras = _keras()
        try:
            (x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=num_words)
        except Exception as exc:  # noqa: BLE001 - Keras raises a bare Exception when it cannot download
            reason = (str(exc).splitlines() or [""])[0].rsplit(" -- ", 1)[-1][:120] or type(exc).__name__
            return synthetic(num_words=num_words, note=f"keras.datasets.imdb.load_data() could not get imdb.npz: {reason}")
        _REAL[num_words] = ImdbData(
            reviews_from_lists(x_train, y_train), reviews_from_lists(x_test, y_test), synthetic=False, source=REAL
        )
    return _REAL[num_words]


def decode(sequence: Sequence[int], index: dict[str, int]) -> str:
    """The book's decoding: ``" ".join(reverse_index.get(i - 3, "?") for i in sequence)``."""
    reverse = {value: word for word, value in index.items()}
    return " ".join(reverse.get(int(i) - INDEX_FROM, "?") for i in sequence)
