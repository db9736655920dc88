"""The words of the open postings, held with the board's index: keywords answered without reading the postings.

A keyword search asked PostgreSQL to find the matching postings among the
published ones and to rank each match (ts_rank reads every matching
posting's whole vector: 9 of the 17 ms of a search at 8,000 open postings,
and growing with the board). The board's index (board_index.py) now also
holds, per word, a bitmask of the open postings that use it, and of those
that use it at least 2, 4 and 8 times. PostgreSQL still reads the keywords
(websearch_to_tsquery: its English stemming and stop words, one query with
no table) and the index answers from the parsed query: AND, OR and NOT are
bitmask operations. A phrase ("hand therapy" in quotes, or a hyphenated
word, which PostgreSQL reads as one) needs the words' positions, which the
index does not keep: PostgreSQL finds those matches, by its GIN index
without ranking them.

Best match is ranked here, the same way whichever found the matches: a
posting scores a point per keyword it uses and one more for each step of 2,
4 and 8 uses of it; the highest score first, the newest first among equals.
"""

import itertools
import re

from django.db import connections

from . import bitmasks
from .models import JobPosting

# A word's uses are counted in these steps: a posting that says it 8 times scores four points for it, 3 times two.
STEPS = (1, 2, 4, 8)

# PostgreSQL's text form of a tsquery: quoted lexemes ('' is a quote; a :* or :AB suffix is a prefix or a weight),
# operators and parentheses.
_TOKENS = re.compile(r"\s*(?:('(?:[^']|'')*')(:[*a-dA-D]+)?|(<->|<\d+>|[&|!()]))")


class _NeedsPositions(Exception):
    """The query holds a phrase or a prefix: the words' masks alone cannot say which postings match."""


class Lexicon:
    """Per word, the masks of the board's postings (bit i: the index's posting i) using it once, twice, 4, 8 times.

    `pks` and `stamps`: the index's postings in its order and their row versions (_stamps), by which a later
    version's lexicon tells the postings it can keep from those to read again.
    """

    def __init__(self, pks, stamps, words):
        self.pks = pks
        self.stamps = stamps
        self.size = len(pks)
        self.every = (1 << self.size) - 1
        self.words = words  # {lexeme: (mask of 1+ uses, of 2+, of 4+, of 8+)}, trailing empty masks left out

    @staticmethod
    def available():
        """Whether postings have search vectors to read words from: PostgreSQL's; SQLite searches the text itself."""
        return _database().vendor == "postgresql"

    @classmethod
    def read(cls, pks, earlier=None):
        """The words of the postings `pks` (the index's, in its order): two queries, their row versions and their
        words, these of the new and changed postings alone when an `earlier` lexicon has the others."""
        stamps = _stamps(pks)
        carried = earlier.carried_to(pks, stamps) if earlier else None
        return carried or cls(pks, stamps, _words_of(pks, range(len(pks)), len(pks)))

    def carried_to(self, pks, stamps):
        """This lexicon for the index of a later version (`pks`, `stamps`), in one query: the postings still there
        unchanged keep their bits, moved to their new places, and only the words of the new and changed postings
        are read. None when more than a quarter changed, or the kept ones changed order: reading all is as quick.
        """
        before = {pk: (position, stamp) for position, (pk, stamp) in enumerate(zip(self.pks, self.stamps))}
        kept, fresh = [], []  # the old places of the postings kept, in the new order; the new places of the rest
        for position, (pk, stamp) in enumerate(zip(pks, stamps)):
            old = before.get(pk)
            if old is not None and stamp is not None and old[1] == stamp:
                kept.append(old[0])
            else:
                fresh.append(position)
        if len(fresh) > len(pks) // 4 or any(earlier > later for earlier, later in itertools.pairwise(kept)):
            return None
        gone = sorted(set(range(self.size)).difference(kept), reverse=True)
        read = _words_of([pks[position] for position in fresh], fresh, len(pks))
        words = {}
        for lexeme in self.words.keys() | read.keys():
            moved = []
            for mask in self.words.get(lexeme, ()):
                for position in gone:  # highest first: the places below stay put
                    mask = (mask & ((1 << position) - 1)) | (mask >> (position + 1) << position)
                for position in fresh:  # lowest first: an empty bit where each new or changed posting goes
                    mask = (mask & ((1 << position) - 1)) | (mask >> position << (position + 1))
                moved.append(mask)
            added = read.get(lexeme, ())
            masks = [
                (moved[step] if step < len(moved) else 0) | (added[step] if step < len(added) else 0)
                for step in range(max(len(moved), len(added)))
            ]
            while masks and not masks[-1]:
                masks.pop()
            if masks:
                words[lexeme] = tuple(masks)
        return Lexicon(pks, stamps, words)

    @staticmethod
    def parse(keywords):
        """The keywords as PostgreSQL's search reads them (JobPostingQuerySet.search): a tree of ("word", lexeme),
        ("not", tree), ("and" | "or" | "phrase", [trees]); None when no word is left (stop words only)."""
        with _database().cursor() as cursor:
            cursor.execute("SELECT websearch_to_tsquery('english'::regconfig, %s)::text", [keywords])
            (text,) = cursor.fetchone()
        try:
            return _Parser(text).tree()
        except ValueError:  # a form this reader does not know: PostgreSQL matches it, the newest first
            return ("phrase", [])

    def match(self, tree):
        """The mask of the postings `tree` matches; None when it holds a phrase or a prefix, which need the words'
        positions."""
        try:
            return self._match(tree)
        except _NeedsPositions:
            return None

    def _match(self, tree):
        if tree is None:
            return 0
        kind, value = tree
        if kind == "word":
            masks = self.words.get(value)
            return masks[0] if masks else 0
        if kind == "not":
            return self.every & ~self._match(value)
        if kind == "and":
            mask = self.every
            for part in value:
                mask &= self._match(part)
            return mask
        if kind == "or":
            mask = 0
            for part in value:
                mask |= self._match(part)
            return mask
        raise _NeedsPositions(kind)

    def scores(self, tree):
        """The keywords' scores as bit slices: [mask of bit 0 of each posting's score, of bit 1, ...]."""
        digits = []
        for lexeme in sorted(_wanted(tree)):
            for mask in self.words.get(lexeme, ()):
                carry = mask  # add one point to every posting in `mask`: a ripple-carry over the slices
                for place, digit in enumerate(digits):
                    digits[place], carry = digit ^ carry, digit & carry
                    if not carry:
                        break
                if carry:
                    digits.append(carry)
        return digits


def best_first(digits, every):
    """[mask of the postings scoring s] for every score s the slices can hold, highest first (some empty)."""
    classes = []
    for score in range((1 << len(digits)) - 1, -1, -1):
        mask = every
        for place, digit in enumerate(digits):
            mask &= digit if score >> place & 1 else ~digit
        classes.append(mask)
    return classes


def _wanted(tree):
    """The words a match is ranked by: every word of the query but those it wants absent."""
    if tree is None:
        return set()
    kind, value = tree
    if kind == "word":
        return {value}
    if kind == "not":
        return set()
    return set().union(*(_wanted(part) for part in value))


class _Parser:
    """A tsquery's text, as PostgreSQL writes it, read back by precedence: ! then <-> then & then |."""

    def __init__(self, text):
        self.tokens = []
        text = text.strip()
        at = 0
        while at < len(text):
            found = _TOKENS.match(text, at)
            if not found:
                raise ValueError(f"Unreadable tsquery: {text!r}")
            quoted, suffix, operator = found.groups()
            if quoted:
                lexeme = quoted[1:-1].replace("''", "'").replace("\\\\", "\\")
                # A prefix (:*) or weights: matching needs more than the words' masks.
                self.tokens.append(("special" if suffix else "word", lexeme))
            else:
                self.tokens.append(("op", "<->" if operator.startswith("<") else operator))
            at = found.end()
        self.at = 0

    def tree(self):
        if not self.tokens:
            return None
        tree = self._expression()
        if self.at != len(self.tokens):
            raise ValueError("Unreadable tsquery: tokens left over")
        return tree

    def _expression(self):
        return self._any("|", "or", lambda: self._any("&", "and", lambda: self._any("<->", "phrase", self._one)))

    def _any(self, operator, kind, part):
        parts = [part()]
        while self._next() == ("op", operator):
            self.at += 1
            parts.append(part())
        return parts[0] if len(parts) == 1 else (kind, parts)

    def _one(self):
        token = self._next()
        self.at += 1
        if token == ("op", "!"):
            return ("not", self._one())
        if token == ("op", "("):
            inner = self._expression()
            if self._next() != ("op", ")"):
                raise ValueError("Unreadable tsquery: unclosed parenthesis")
            self.at += 1
            return inner
        if token is not None and token[0] == "word":
            return token
        if token is not None and token[0] == "special":
            return ("phrase", [("word", token[1])])  # matched by PostgreSQL, ranked by its word
        raise ValueError(f"Unreadable tsquery: unexpected {token!r}")

    def _next(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else None


def _database():
    """The database the board's index reads its postings from (a replica, where the router sends reads)."""
    return connections[JobPosting.objects.db]


def _stamps(pks):
    """The row version of each posting of `pks`: its transaction and place (xmin, ctid), which every update
    changes, even two in one transaction (as tests make); None for a posting deleted since."""
    table = JobPosting._meta.db_table
    with _database().cursor() as cursor:
        cursor.execute(
            "SELECT posting.xmin::text || '/' || posting.ctid::text "
            "FROM unnest(%s::bigint[]) WITH ORDINALITY AS listed(id, position) "
            f"LEFT JOIN {table} posting ON posting.id = listed.id ORDER BY listed.position",
            [list(pks)],
        )
        return [stamp for (stamp,) in cursor.fetchall()]


def _words_of(pks, positions, size):
    """{lexeme: masks by step} of the postings `pks`, each at its place in `positions` of an index of `size`."""
    table = JobPosting._meta.db_table
    with _database().cursor() as cursor:
        cursor.execute(
            "SELECT word.lexeme, array_agg(listed.position), array_agg(cardinality(word.positions)) "
            "FROM unnest(%s::bigint[], %s::int[]) AS listed(id, position) "
            f"JOIN {table} posting ON posting.id = listed.id "
            "CROSS JOIN LATERAL unnest(posting.search_document) AS word "
            "GROUP BY word.lexeme",
            [list(pks), list(positions)],
        )
        rows = cursor.fetchall()
    words = {}
    for lexeme, places, uses in rows:
        masks = []
        for step in STEPS:
            chosen = places if step == 1 else [at for at, n in zip(places, uses) if n >= step]
            if not chosen:
                break
            masks.append(bitmasks.mask(chosen, size))
        words[lexeme] = tuple(masks)
    return words
