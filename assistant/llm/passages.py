"""The numbered passages of one turn: what the model may cite as [n] and what the guard checks.

Passages found before the model runs and those its ``search_policies`` calls find share one
numbering, so [n] means the same passage everywhere in the turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.llm.prompts import llm_templates
from assistant.models import Citation
from indexer.models import Chunk

_SNIPPET_CHARS = 220


@dataclass(frozen=True)
class Passage:
    n: int
    chunk: Chunk

    def _parts(self) -> dict[str, str]:
        t = llm_templates()
        chunk = self.chunk
        return {
            "title": chunk.title,
            "section": t["passage_section"].format(section=chunk.section) if chunk.section else "",
            "rule_version": (t["passage_rule_version"].format(version=chunk.rule_version)
                             if chunk.rule_version else ""),
        }

    def render(self) -> str:
        """The passage as the model sees it: number, title, section, rule version, text."""
        return llm_templates()["passage"].format(n=self.n, text=self.chunk.text, **self._parts())

    def header(self) -> str:
        return "".join(self._parts().values())

    def evidence(self) -> str:
        """The passage as evidence for the number guard: its number [n] is left out."""
        return f"{self.header()}\n{self.chunk.text}"

    def citation(self) -> Citation:
        text = self.chunk.text.strip()
        snippet = text if len(text) <= _SNIPPET_CHARS else text[: _SNIPPET_CHARS - 1] + "…"
        return Citation(doc_id=self.chunk.doc_id, title=self.chunk.title, locator=self.chunk.locator,
                        snippet=snippet, section=self.chunk.section)


@dataclass
class PassageLedger:
    """Passages numbered from 1 in order of first sight, plus the tool results of the turn."""

    passages: list[Passage] = field(default_factory=list)
    tool_results: list[str] = field(default_factory=list)
    _numbers: dict[str, int] = field(default_factory=dict)

    def add(self, chunk: Chunk) -> Passage:
        """The passage of ``chunk``, numbered on first sight."""
        n = self._numbers.get(chunk.chunk_id)
        if n is None:
            n = len(self.passages) + 1
            self._numbers[chunk.chunk_id] = n
            self.passages.append(Passage(n, chunk))
        return self.passages[n - 1]

    def get(self, n: int) -> Passage | None:
        return self.passages[n - 1] if 1 <= n <= len(self.passages) else None

    def render(self, passages: list[Passage]) -> str:
        if not passages:
            return llm_templates()["no_passages"]
        return "\n\n".join(p.render() for p in passages)

    def evidence_texts(self) -> list[str]:
        """Everything the model was shown as a source: passages and tool results."""
        return [p.evidence() for p in self.passages] + list(self.tool_results)
