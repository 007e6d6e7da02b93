"""The accession-measures procedure's scenario specs: the candidate, the issue, the
Commission's ladder and delays, the measures' parameters.

Sources in each class's docstring (``docs/eu-rules.md`` §3-§5, COM(2020) 57); every number
that is not law is an illustrative, overridable parameter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from sim.council.members import candidate_table
from sim.engine.delays import Delay
from sim.procedures.accession.measures import LADDER, check_measure_name
from sim.procedures.accession.structure import CHAPTERS, check_chapter, check_cluster
from sim.spec import Days, Probability, Spec, StepDays, Unique, Weight, error_details

Chapter = Annotated[int, AfterValidator(check_chapter)]
Cluster = Annotated[int, AfterValidator(check_cluster)]
MeasureName = Annotated[str, AfterValidator(check_measure_name)]


def _check_candidate(code: str) -> str:
    if code not in candidate_table():
        raise ValueError(f"unknown candidate {code!r} (candidates: {', '.join(candidate_table())})")
    return code




class IssueSpec(Spec):
    """The problem at stake: a list of named breaches the candidate must remedy.

    ``kind``: ``visa-policy`` (misalignment with the EU visa list, the Serbia case of
    ``docs/eu-rules.md`` §5) or ``rule-of-law``. ``breaches``: open breaches at the start, in
    the order the candidate remedies them. ``tolerated_breaches``: the candidate counts as
    realigned when no more than this many remain. ``intensity``: how acute the problem is
    at the start, in the members' concern (for migration: growth of irregular crossings,
    1.9 = nearly tripled); it scales with the share of breaches still open.
    ``further_breaches``: names used, in order, when the candidate backslides further.
    """

    kind: Literal["visa-policy", "rule-of-law"] = Field(description="the kind of problem [kind]")
    breaches: Annotated[tuple[str, ...], Unique] = Field(
        min_length=1, description="open breaches at the start, in the order remedied [names]")
    tolerated_breaches: Annotated[int, Field(ge=0)] = Field(
        0, description="realigned when no more than this many remain [breaches]")
    intensity: Weight = Field(
        1.0, description="how acute the problem is at the start, in members' concern [scale]")
    further_breaches: Annotated[tuple[str, ...], Unique] = Field(
        (), description="names of further breaches when it backslides [names]")

    @field_validator("tolerated_breaches")
    @classmethod
    def _fewer_than_breaches(cls, v: int, info: Any) -> int:
        breaches = info.data.get("breaches")
        if breaches is not None and v >= len(breaches):
            raise ValueError(f"{v} tolerated breaches leave nothing to remedy "
                             f"({len(breaches)} breaches)")
        return v



class CandidateSpec(Spec):
    """The candidate country's state and dynamics (state from ``docs/eu-rules.md`` §4).

    ``opened`` / ``provisionally_closed``: chapter numbers (1-35); a closed chapter must have
    been opened. ``paused_clusters``: clusters already on hold. ``funding_eur_per_year``:
    pre-accession (IPA III) allocation, EUR per year; ``civil_society_share`` of it is never
    withheld. Every ``step_days`` it remedies its first open breach with probability
    ``p_reform + reform_per_pressure × pressure`` (pressure: severities of the measures in
    force plus ``pending_weight`` × severity of a pending proposal), backslides (a further
    breach) with ``p_backslide``, opens a chapter with ``p_open_chapter`` and provisionally
    closes one with ``p_close_chapter`` (only when negotiations are active, outside paused
    clusters, and — with ``progress_needs_compliance`` — only while the candidate complies:
interim benchmarks on chapters 23/24 must be met before chapters close [S], and the
conference decides by consensus). Monthly probabilities are illustrative assumptions.
    """

    code: Annotated[str, AfterValidator(_check_candidate)] = Field(
        description="candidate code: ME RS AL MK BA UA MD GE TR XK [code]")
    opened: Annotated[tuple[Chapter, ...], Unique] = Field(
        (), description="chapters opened, 1-35 [chapters]")
    provisionally_closed: Annotated[tuple[Chapter, ...], Unique] = Field(
        (), description="chapters provisionally closed, each opened [chapters]")
    status: Literal["active", "suspended"] = Field(
        "active", description="negotiation status at the start [status]")
    paused_clusters: Annotated[tuple[Cluster, ...], Unique] = Field(
        (), description="clusters already on hold, 1-6 [clusters]")
    funding_eur_per_year: Annotated[float, Field(ge=0.0, allow_inf_nan=False)] = Field(
        0.0, description="pre-accession (IPA III) funding [EUR per year]")
    civil_society_share: Probability = Field(
        0.0, description="share of the funding for civil society, never withheld [share]")
    step_days: StepDays = Field(
        30.0, description="time between two steps of the candidate [days]")
    p_reform: Probability = Field(
        0.05, description="chance per step of remedying a breach without pressure "
        "[probability per step]")
    reform_per_pressure: Weight = Field(
        0.3, description="added chance per step per unit of pressure [probability per step]")
    pending_weight: Weight = Field(
        0.5, description="share of a pending proposal's severity counted as pressure [share]")
    p_backslide: Probability = Field(
        0.02, description="chance per step of a further breach [probability per step]")
    p_open_chapter: Probability = Field(
        0.0, description="chance per step of opening a chapter [probability per step]")
    p_close_chapter: Probability = Field(
        0.0, description="chance per step of provisionally closing one [probability per step]")
    progress_needs_compliance: bool = Field(
        True, description="no chapter opens or closes while breaches are open [yes/no]")

    @model_validator(mode="wrap")
    @classmethod
    def _closed_were_opened(cls, data: Any,
                            handler: ModelWrapValidatorHandler[CandidateSpec]) -> CandidateSpec:
        """A provisionally closed chapter must have been opened (``docs/eu-rules.md`` §3).

        Checked on the valid entries even when other fields (or other entries of
        ``opened``) are invalid, so that every mistake is reported in one go.
        """
        try:
            spec = handler(data)
        except ValidationError as exc:
            never = _never_opened(data) if isinstance(data, Mapping) else None
            if never is None:
                raise
            raise ValidationError.from_exception_data(
                exc.title, [*error_details(exc), never]) from None
        problem = _never_opened(spec.model_dump())
        if problem is not None:
            raise ValidationError.from_exception_data(cls.__name__, [problem])
        return spec



class CommissionSpec(Spec):
    """When and what the Commission proposes (COM(2020) 57; Art 293(2) TFEU).

    ``initiative_threshold``: open breaches at which it acts on its own initiative
    (``None``: only on a member's request). ``review_days``: how often it reviews the
    candidate. ``assessment``: delay from a request or initiative to its proposal;
    ``lifting_assessment``: from realignment to proposing to lift. ``ladder``: the measures it
    may propose, in order; it proposes the first rung more severe than any in force.
    ``escalation_days``: how long a measure stays in force without realignment before it
    proposes the next rung. ``retry_days``: wait after a rejection before proposing again.
    ``lift_retry_days``: while the candidate complies, wait after the Council rejected
    lifting a measure before proposing again to lift it (illustrative assumption, the same
    default as ``retry_days``; COM(2020) 57 makes measures reversible once the candidate
    complies). ``max_proposals``: most proposals of measures in one run (lifting
    proposals are not counted).
    """

    initiative_threshold: Annotated[int, Field(ge=1)] | None = Field(
        None, description="open breaches at which it acts unasked; none: only on request "
        "[breaches]")
    review_days: StepDays = Field(
        30.0, description="time between two reviews of the candidate [days]")
    assessment: Delay = Field(Delay(mean=30.0, cv=0.3), description="from a request or "
                              "initiative to the proposal [days]")
    lifting_assessment: Delay = Field(Delay(mean=30.0, cv=0.3), description="from "
                                      "realignment to proposing to lift [days]")
    ladder: Annotated[tuple[MeasureName, ...], Unique] = Field(
        default=LADDER, min_length=1, description="the measures it may propose, in order "
        "[measures]")
    escalation_days: Days = Field(
        180.0, description="a measure in force this long without realignment: next rung [days]")
    retry_days: Days = Field(90.0, description="wait after a rejection before proposing again "
                             "[days]")
    lift_retry_days: Days = Field(
        90.0, description="wait after a rejected lifting before proposing it again [days]")
    max_proposals: Annotated[int, Field(ge=0)] = Field(
        4, description="most proposals of measures in one run [proposals]")



class MeasuresSpec(Spec):
    """Parameters of the measures (:mod:`sim.measures`).

    ``funding_cut_share``: share of the non-civil-society funding that ``reduce-funding``
    withholds. ``pause_clusters``: clusters ``pause-clusters`` puts on hold.
    ``reopen_chapters``: chapters ``reopen-chapters`` reopens, if provisionally closed at the
    time (empty: every provisionally closed chapter).
    """

    funding_cut_share: Probability = Field(
        0.5, description="share of non-civil-society funding reduce-funding withholds [share]")
    pause_clusters: Annotated[tuple[Cluster, ...], Unique] = Field(
        (1,), description="clusters pause-clusters puts on hold [clusters]")
    reopen_chapters: Annotated[tuple[Chapter, ...], Unique] = Field(
        (), description="chapters reopen-chapters reopens; empty: every provisionally closed "
        "one [chapters]")



def _valid_chapters(raw: Any) -> list[int]:
    """The entries of a raw chapter list that are valid chapter numbers (others skipped)."""
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes):
        return []
    return [ch for ch in raw if isinstance(ch, int) and not isinstance(ch, bool)
            and ch in CHAPTERS]



def _never_opened(data: Mapping[str, Any]) -> InitErrorDetails | None:
    """The error for provisionally closed chapters missing from ``opened``, if any."""
    opened = set(_valid_chapters(data.get("opened", ())))
    closed = data.get("provisionally_closed", ())
    never = [ch for ch in _valid_chapters(closed) if ch not in opened]
    if not never:
        return None
    chapters = ", ".join(map(str, dict.fromkeys(never)))
    return {"type": PydanticCustomError("never_opened", "chapter(s) {chapters} provisionally "
                                        "closed but never opened", {"chapters": chapters}),
            "loc": ("provisionally_closed",), "input": closed}




class AccessionSpec(Spec):
    """The accession-measures procedure's sections of a scenario: the candidate, the issue at
    stake, the Commission's ladder and delays, the measures' parameters."""

    candidate: CandidateSpec = Field(description="the candidate country [section]")
    issue: IssueSpec = Field(description="the problem at stake [section]")
    commission: CommissionSpec = Field(CommissionSpec(), description="when and what the "
                                       "Commission proposes [section]")
    measures: MeasuresSpec = Field(MeasuresSpec(), description="parameters of the measures "
                                   "[section]")
