"""Typed reward data: a cited table row, a parsed question and a lookup result."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class RewardSource(BaseModel):
    """Where a row's amount is written: a document id and a 1-based inclusive line range."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    locator: str = Field(pattern=r"^L\d+-L\d+$")

    @property
    def line_range(self) -> tuple[int, int]:
        start, end = self.locator.split("-")
        return int(start[1:]), int(end[1:])


class RewardRow(BaseModel):
    """One region × honour reward as written in the corpus (amounts in 万元)."""

    model_config = ConfigDict(frozen=True)

    region: str
    region_path: str
    title: str
    amount_text: str
    amount_min: float | None = None
    amount_max: float | None = None
    unit: str = "万元"
    conditions: str = ""
    policy: str = ""
    source: RewardSource
    # when the policy stating it was issued: the date of an added notice ("2026-05-20"), or the year its
    # title or number names ("2020"); "" when neither says
    issued: str = ""

    @model_validator(mode="after")
    def _amounts_ordered(self) -> RewardRow:
        low, high = self.amount_min, self.amount_max
        if low is not None and high is not None and low > high:
            raise ValueError(f"amount_min > amount_max for {self.region} {self.title}")
        return self

    @property
    def sort_amount(self) -> float | None:
        """The figure used to rank rows: the upper bound, else the lower bound."""
        return self.amount_max if self.amount_max is not None else self.amount_min


class RewardQuery(BaseModel):
    """What a reward question asks about, with region and honour in canonical form.

    A place the region table does not list (“深圳南山区”) is kept in ``unknown_region``
    (“深圳市南山区”) and also as ``region``, so ``lookup_rewards(region=query.region)``
    answers that it is not listed instead of ignoring the place.
    """

    region: str | None = None
    title: str | None = None
    compare: bool = False
    unknown_region: str | None = None


class RewardLookup(BaseModel):
    """Rows answering a lookup and a note on what is missing or how to read them.

    ``rows`` holds first the ``matched`` rows that answer the question, then rows of
    parent regions (``parent_regions``), then nearest rows shown for reference. The two
    bookkeeping fields are excluded from ``model_dump()`` so the tool returns only
    ``{"rows": [...], "note": ...}``.
    """

    rows: list[RewardRow] = Field(default_factory=list)
    note: str = ""
    matched: int = Field(default=0, exclude=True)
    parent_regions: list[str] = Field(default_factory=list, exclude=True)
    # the asked region has no row of its own, only its subregions do ("江苏省本级未列出；下辖地区：")
    lead_note: str = Field(default="", exclude=True)
    # the region asked, when its own rows come first among its subregions' ("江苏省…不超过50万；下辖地区另有7条")
    region: str | None = Field(default=None, exclude=True)
    # rows after the matched ones that a later policy of the same region and honour restates
    earlier: int = Field(default=0, exclude=True)

    def role(self, index: int) -> str:
        """``match``, ``earlier``, ``parent`` or ``nearest`` for the row at ``index``."""
        if index < self.matched:
            return "match"
        if index < self.matched + self.earlier:
            return "earlier"
        if self.rows[index].region in self.parent_regions:
            return "parent"
        return "nearest"
