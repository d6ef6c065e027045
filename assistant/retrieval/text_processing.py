"""Query and passage tokenisation for BM25: jieba with domain words, simplified characters."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from importlib import resources

import jieba

jieba.setLogLevel(logging.WARNING)
_RESOURCES = resources.files("assistant") / "resources"
_TOKEN_OK = re.compile(r"[\w\u3400-\u9fff%]")
_QUESTION_WORD = re.compile(r"^(?:几|多少|多久|多大|多高|多长|啥|哪|怎|咋|是否|能否|可否)[\u3400-\u9fff]{0,2}$")
# a question with fewer topic words than this is about the versions it names (dev halves: 2 → +1, 3 → 0)
_MIN_TOPIC_WORDS = 2
# "哪两份文件", "分成三类": how many things a list answer names, not what they are (一类 is I类, a topic)
_LIST_SIZE = re.compile(r"^[两二三四五六七八九十]+[份个类种条]$")
_VERSION_WORD = re.compile(r"^(?:(?:20)?(?:22|26)年?|新规下?|新版|旧版|旧规下?|老规|新办法|按新|新旧|暂行办法|暂行|办法)$")


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except ImportError:  # pragma: no cover - optional dependency
        return None


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    for word in (_RESOURCES / "domain_words.txt").read_text(encoding="utf-8").split():
        tokenizer.add_word(word, freq=200000)
    return tokenizer


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset((_RESOURCES / "stopwords.txt").read_text(encoding="utf-8").split())


# traditional texts quote with corner brackets (專精特新「小巨人」企業); the corpus with curly quotes
_CORNER_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


def _word_map(file: str) -> dict[str, str]:
    """A resource file's words, each with the word the documents use for it."""
    import yaml

    return {str(k): str(v) for k, v in yaml.safe_load((_RESOURCES / file).read_text(encoding="utf-8")).items()}


@lru_cache(maxsize=1)
def _english_terms() -> tuple[re.Pattern[str], dict[str, str]]:
    terms = {k.lower(): v for k, v in _word_map("english_terms.yaml").items()}
    words = sorted(terms, key=len, reverse=True)
    return re.compile(r"(?<![A-Za-z])(?:" + "|".join(map(re.escape, words)) + r")(?![A-Za-z])", re.IGNORECASE), terms


_CJK = re.compile(r"[\u4e00-\u9fff]")


def english_terms_in_chinese(text: str) -> str:
    """English words in a Chinese question said in Chinese ("R&D要求" → "研发要求"); a message with
    no Chinese is left as it is."""
    if not _CJK.search(text):
        return text
    pattern, terms = _english_terms()
    marked = pattern.sub(lambda m: _TERM_MARK + terms[m.group(0).lower()] + _TERM_MARK, text)
    # "公司 R&D 占比24%": the spaces that set the English word apart go with it ("公司研发占比24%")
    return _SPACED_MARK.sub("", marked).replace(_TERM_MARK, "")


_TERM_MARK = "\x00"  # the edges of a term put in Chinese, while the spaces beside it are dropped
_SPACED_MARK = re.compile(r"(?<=[\u4e00-\u9fff\x00])\s+(?=\x00)|(?<=\x00)\s+(?=[\u4e00-\u9fff])")


@lru_cache(maxsize=1)
def _dialect_words() -> tuple[re.Pattern[str], dict[str, str]]:
    words = _word_map("dialect_words.yaml")
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True)))), words


def dialect_in_mandarin(text: str) -> str:
    """Cantonese words said in Mandarin ("冇融资" → "没有融资")."""
    pattern, words = _dialect_words()
    return pattern.sub(lambda m: words[m.group(0)], text)


def to_simplified(text: str) -> str:
    """Users sometimes type traditional characters (專精特新「小巨人」); the corpus is simplified."""
    converter = _converter()
    return (converter.convert(text) if converter else text).translate(_CORNER_QUOTES)


_QUOTES = str.maketrans("", "", "“”\"'‘’「」《》")
# a bound written as a sign (研发占比≥25%) is said in words by users (25%以上)
_BOUND = r"\s*(\d+(?:\.\d+)?\s*(?:[%％]|分|万元|亿元|万|亿|家|件|项|人|年|个)?)"
_BOUND_SIGNS = ((re.compile(r"[≥⩾]" + _BOUND), r"\1以上"), (re.compile(r"[≤⩽]" + _BOUND), r"\1以下"),
                (re.compile(r"[<＜]" + _BOUND), r"低于\1"), (re.compile(r"[>＞]" + _BOUND), r"高于\1"))


def normalize_query(text: str) -> str:
    """Simplified characters, no quotes, one spelling for Ⅰ类; used on questions and passages."""
    text = to_simplified(text).translate(_QUOTES)
    text = re.sub(r"(?<![A-Za-z])[I1Ｉ]\s*类", "Ⅰ类", text)
    for sign, words in _BOUND_SIGNS:
        text = sign.sub(words, text)
    return text.strip()


@lru_cache(maxsize=1)
def synonym_groups() -> list[list[str]]:
    import yaml

    return yaml.safe_load((_RESOURCES / "synonyms.yaml").read_text(encoding="utf-8")) or []


def synonyms_of(word: str) -> list[str]:
    """The word and the terms used interchangeably with it."""
    for group in synonym_groups():
        if word in group:
            return list(group)
    return [word]


def expand_query(text: str) -> str:
    """Append synonyms of the terms a question uses, so BM25 matches either spelling."""
    extra = [alt for group in synonym_groups() if any(t in text for t in group) for alt in group if alt not in text]
    return text + (" " + " ".join(extra) if extra else "")


def tokenize(text: str) -> list[str]:
    """Tokens for BM25: jieba search-mode words minus stopwords and punctuation, lower-cased."""
    words = _tokenizer().lcut_for_search(normalize_query(text))
    stop = stopwords()
    return [w.lower() for w in words if w.strip() and w not in stop and _TOKEN_OK.search(w)]


# "跟以前比有什么变化", "新规比旧规多了什么": 比 compares; cut with the next character it is no word
# (jieba's 比有, 比旧 held no passage and sank the question's support)
_COMPARED_WITH = re.compile(r"(?<=[前来规版法年])比(?=[有旧新老]|原来|以前|之前)")


# a term the user quotes (“开四停四”) is one word, however jieba would cut it
_QUOTED = re.compile(r"[“\"「『]([\u3400-\u9fff]{2,12})[”\"」』]")


def _in_dictionary(word: str) -> bool:
    """Whether jieba knows ``word`` as a word of its own."""
    tokenizer = _tokenizer()
    tokenizer.check_initialized()
    return tokenizer.FREQ.get(word, 0) > 0


def keywords(text: str) -> list[str]:
    """Distinct content words of a question, in order."""
    seen: dict[str, None] = {}
    versions: dict[str, None] = {}
    quoted = [q for q in _QUOTED.findall(to_simplified(text)) if not _in_dictionary(q)]
    for term in quoted:
        seen.setdefault(term, None)
    for word in _tokenizer().lcut(_COMPARED_WITH.sub(" 比 ", normalize_query(text))):
        w = word.strip().lower()
        if any(w in term for term in quoted):
            continue
        if len(w) == 1 and not w.isdigit():
            continue  # single characters (年, 新, 到) carry no topic
        if _VERSION_WORD.match(w):
            versions.setdefault(w, None)
            continue  # 新规/2026 choose a rule version: not topic...
        if _QUESTION_WORD.match(w) or _LIST_SIZE.match(w):
            continue  # 几项/多少钱/啥时候 ask; 两份 counts the answer
        if w and w not in stopwords() and _TOKEN_OK.search(w):
            seen.setdefault(w, None)
    if len(seen) < _MIN_TOPIC_WORDS:
        seen.update(versions)  # ...unless the versions are all it is about ("暂行办法还有效吗")
    return list(seen)
