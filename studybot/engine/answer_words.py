"""The words of a typed answer, with what a teacher would ignore taken out: case, accents, punctuation,
spacing, articles and leading filler, thousands separators, approximators and multipliers around numbers,
and spaces between CJK characters. A minus sign before a number is no punctuation: -40 is not 40. Numbers
are written by value (9.80 is 9.8, 01 is 1), and an exponent after a letter stays in its word (m/s² and
m/s^2 are "m", "s²", not a number 2), while a power of a number is its value (10² is 100; 3 × 10^8, 3×10⁸
and 3e8 are 300000000), and so is a number with a magnitude word (8 billion, 8 bn and 8,000,000,000 are
8000000000; 6万 is 60000). matching.py compares what is left."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, DecimalException, Inexact, localcontext

MAX_ANSWER_CHARS = 500

_ARTICLES = frozenset({"the", "a", "an"})
_LEADING_FILLER = (  # after any leading articles: "the answer is"
    ("answer", "is"),
    ("it", "is"),
    ("it", "s"),
    ("its",),
    ("they", "are"),
    ("that", "is"),
    ("i", "think"),
)
_APPROXIMATORS = frozenset(
    {"about", "around", "approximately", "approx", "roughly", "circa", "ca", "nearly", "almost", "~", "≈", "∼"}
)
_MULTIPLIERS = frozenset({"x", "×", "times", "fold"})
# a magnitude after a number multiplies it; "k" is not one: kilo is 1,000 or 1,024 by what is counted ("2K" stack)
_MAGNITUDES = {"hundred": 10**2, "thousand": 10**3, "lakh": 10**5, "million": 10**6, "crore": 10**7}
_MAGNITUDES |= {"billion": 10**9, "trillion": 10**12, "quadrillion": 10**15, "dozen": 12}
_MAGNITUDES |= {"mn": 10**6, "mln": 10**6, "bn": 10**9, "百": 10**2, "千": 10**3, "万": 10**4, "亿": 10**8}
_THOUSANDS = re.compile(r"(?<=[0-9])[,_'\u00a0\u2009\u202f](?=[0-9]{3}(?![0-9]))")
_SPACED_THOUSANDS = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?: [0-9]{3})+(?![0-9])")  # "100 000": groups of 3 only
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"
_CARET_EXPONENT = re.compile(r"(?<=[^\W\d_])\^(-?[0-9]+)")  # "m/s^2" is "m/s²"
_EXPONENT = re.compile(rf"((?<=[^\W\d_])[{_SUPERSCRIPTS}]+)")  # after a letter: part of a unit, never a number
_ATTACHED_MULTIPLIER = re.compile(r"(?<=[0-9])\s*[x×](?![a-z0-9])|(?<![a-z0-9])[x×]\s*(?=[0-9])")
_PLAIN_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻−", "0123456789--")
_AMOUNT = r"[0-9]+(?:\.[0-9]+)?"
_POWER_OF = r"(?:\^\s*[-−]?[0-9]{1,3}|⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})"  # ^-3, ^2, ⁻³, ²
_POWERS = (  # "3 × 10^8" / "3×10⁸" / "3e8" first, then "10²" / "2^10" alone; never after a letter or a point
    re.compile(rf"(?<![\w.])(?P<times>{_AMOUNT})\s*[x×*·⋅]\s*(?P<base>10)(?P<power>{_POWER_OF})(?![\w.])"),
    re.compile(rf"(?<![\w.])(?P<times>{_AMOUNT})[eE](?P<power>[-+]?[0-9]{{1,3}})(?![\w.])"),
    re.compile(rf"(?<![\w.])(?P<base>{_AMOUNT})(?P<power>{_POWER_OF})(?![\w.])"),
)
MAX_POWER = 100  # beyond it a "power" is left as it was typed
MAX_POWER_DIGITS = 300  # so is one whose exact value would need more digits (or has none: 0^0, 0^-1, 3^-1)
_DECIMAL_POINT = re.compile(r"(?<=[0-9])\.(?=[0-9])")
# a minus sign: "-" or "−" right before a digit and not after a letter or digit ("-40", not "COVID-19" or "5-3")
_MINUS = re.compile(r"(?<![^\W_])[-\u2212](?=[0-9])")
_TOKEN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?|[^\W\d_]+|\S")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Case, accents, punctuation and spacing folded away; letters of every script kept."""
    decomposed = unicodedata.normalize("NFKD", text[:MAX_ANSWER_CHARS])
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category == "Mn":
            continue  # combining accent
        kept.append(" " if category.startswith("P") else char)
    return _SPACE.sub(" ", "".join(kept)).strip().casefold()


def is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF" and char.isalpha()


def tokens(text: str) -> list[str]:
    """The words and numbers of an answer, with everything a teacher would ignore taken out."""
    folded = _powers_by_value(_without_marks(_numbers_written_plainly(text[:MAX_ANSWER_CHARS])))  # "A\u0301²"
    parts = _EXPONENT.split(_CARET_EXPONENT.sub(_superscript, folded))  # NFKC would make m/s² "m/s2"
    folded = "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(parts)).casefold()
    folded = _ATTACHED_MULTIPLIER.sub(" ", _without_marks(folded))
    folded = _MINUS.sub("\1", _DECIMAL_POINT.sub("\0", folded))
    folded = "".join(" " if unicodedata.category(c).startswith("P") else c for c in folded)
    folded = folded.replace("\0", ".").replace("\1", "-")
    words = _magnitudes_by_value([_by_value(w) for w in _TOKEN.findall(_join_cjk(folded))])
    return _drop_around_numbers(_drop_filler(words)) or words


def _without_marks(text: str) -> str:
    """Accents and other combining marks taken off: "Á" is "A"."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _numbers_written_plainly(text: str) -> str:
    """Thousands separators taken out: "60,000", "100 000"."""
    return _SPACED_THOUSANDS.sub(lambda m: m.group().replace(" ", ""), _THOUSANDS.sub("", text))


def _powers_by_value(text: str) -> str:
    for power in _POWERS:
        text = power.sub(_power_value, text)
    return text


def _power_value(found: re.Match[str]) -> str:
    """The value of "3 × 10^8", "3e8", "10²" or "2^10", written out; as typed when the power is too large."""
    parts = found.groupdict()
    exponent = int(parts["power"].translate(_PLAIN_DIGITS).lstrip("^").replace(" ", ""))
    base, times = Decimal(parts.get("base") or 10), Decimal(parts.get("times") or 1)
    if abs(exponent) > MAX_POWER or len(base.as_tuple().digits) * abs(exponent) > MAX_POWER_DIGITS:
        return found.group()
    with localcontext() as exact:
        exact.prec, exact.traps[Inexact] = 2 * MAX_POWER_DIGITS, True
        try:
            value = (base**exponent * times).normalize()
        except DecimalException:
            return found.group()
    if not value.is_finite() or abs(value.adjusted()) > MAX_POWER_DIGITS:  # 0.000…1^-99: a few digits, far out
        return found.group()
    return format(value, "f")


def _superscript(caret: re.Match[str]) -> str:
    return caret.group(1).translate(str.maketrans("0123456789-", _SUPERSCRIPTS))


def _by_value(word: str) -> str:
    """A number as its value is written: 9.80 and 9.8, 01 and 1, 1.0 and 1 are one number."""
    if not is_number(word):
        return word
    value = Decimal(word)
    with localcontext() as every_digit:  # normalize() rounds to the context's 28 digits otherwise
        every_digit.prec = MAX_ANSWER_CHARS + 2 * MAX_POWER_DIGITS
        return "0" if value == 0 else format(value.normalize(), "f")


def _magnitudes_by_value(words: list[str]) -> list[str]:
    """ "8 billion" → "8000000000", "2.5 thousand" → "2500", "6 万" → "60000"; a magnitude word alone stays a word."""
    kept: list[str] = []
    for word in words:
        times = _MAGNITUDES.get(word) or _MAGNITUDES.get(word.removesuffix("s"))  # "3 trillions"
        value = _times(kept[-1], times) if times and kept and is_number(kept[-1]) else None
        if value is None:
            kept.append(word)
        else:
            kept[-1] = value
    return kept


def _times(number: str, times: int) -> str | None:
    """`number` × `times`, written by value; None past the digits a number may have (a word stays a word)."""
    with localcontext() as exact:
        exact.prec, exact.traps[Inexact] = MAX_ANSWER_CHARS + 2 * MAX_POWER_DIGITS, True
        try:
            return _by_value(format(Decimal(number) * times, "f"))
        except Inexact:
            return None


def _join_cjk(text: str) -> str:
    """结 合 律 → 结合律: CJK is written without spaces, so a space between two ideographs means nothing."""
    chars = list(text)
    kept = [
        c
        for i, c in enumerate(chars)
        if not (c.isspace() and 0 < i < len(chars) - 1 and is_cjk(_prev(chars, i)) and is_cjk(_next(chars, i)))
    ]
    return "".join(kept)


def _prev(chars: list[str], i: int) -> str:
    while i > 0 and chars[i - 1].isspace():
        i -= 1
    return chars[i - 1] if i > 0 else " "


def _next(chars: list[str], i: int) -> str:
    while i < len(chars) - 1 and chars[i + 1].isspace():
        i += 1
    return chars[i + 1] if i < len(chars) - 1 else " "


def _drop_filler(words: list[str]) -> list[str]:
    while len(words) > 1 and words[0] in _ARTICLES:  # first, so "the its 0" reads as "its 0" does
        words = words[1:]
    for phrase in _LEADING_FILLER:
        if tuple(words[: len(phrase)]) == phrase and len(words) > len(phrase):
            words = words[len(phrase) :]
            break
    # an article is filler anywhere but at the end, where it is a name: "vitamin A", "plan A"
    return [w for i, w in enumerate(words) if w not in _ARTICLES or i == len(words) - 1]


def _drop_around_numbers(words: list[str]) -> list[str]:
    kept: list[str] = []
    for i, word in enumerate(words):
        before_number = i + 1 < len(words) and is_number(words[i + 1])
        after_number = i > 0 and is_number(words[i - 1])
        if word in _APPROXIMATORS and before_number:
            continue
        if word in _MULTIPLIERS and (after_number or before_number):
            continue
        kept.append(word)
    return kept


def same_word(given: str, target: str) -> bool:
    """Equal, or one is the other's regular plural (-s, -es, -y → -ies)."""
    if given == target:
        return True
    short, long = sorted((given, target), key=len)
    if len(short) < 3 or not short.isascii():
        return False
    return long in (short + "s", short + "es") or (short.endswith("y") and long == short[:-1] + "ies")


def is_number(word: str) -> bool:
    return _NUMBER.fullmatch(word) is not None
