"""Validated, frozen scenario specifications, loadable from TOML files and Python scripts.

A :class:`Scenario` says everything one run needs: the start date and horizon, the
Council's calendar and decision rule, the member states' behaviour, the candidate country's
state (from data), the issue at stake, the Commission's ladder and delays, and the measures'
parameters. It is validated once — every problem reported together, each with its dotted
path — and then immutable; :meth:`Scenario.with_changes` derives validated variants.

Every number that is not law is a documented parameter; the docstrings of the fields say
what it means and its unit. Durations are in days.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
import tomllib
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from sim.accession import CHAPTERS, check_chapter, check_cluster
from sim.council import MEMBER_CODES, available_years, candidate_table
from sim.errors import InputError
from sim.measures import LADDER, check_measure_name
from sim.rules import RULES

Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Days = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
Chapter = Annotated[int, AfterValidator(check_chapter)]
Cluster = Annotated[int, AfterValidator(check_cluster)]
MeasureName = Annotated[str, AfterValidator(check_measure_name)]


def _check_member(code: str) -> str:
    if code not in MEMBER_CODES:
        raise ValueError(f"unknown member {code!r}")
    return code


def _check_rule(name: str) -> str:
    if name not in RULES:
        raise ValueError(f"unknown rule {name!r} (rules: {', '.join(RULES)})")
    return name


def _check_candidate(code: str) -> str:
    if code not in candidate_table():
        raise ValueError(f"unknown candidate {code!r} (candidates: {', '.join(candidate_table())})")
    return code


def _check_year(year: int | None) -> int | None:
    if year is not None and year not in available_years():
        years = ", ".join(map(str, available_years()))
        raise ValueError(f"no population table for {year} (available: {years})")
    return year


MemberCode = Annotated[str, AfterValidator(_check_member)]
RuleName = Annotated[str, AfterValidator(_check_rule)]
PopulationYear = Annotated[int | None, AfterValidator(_check_year)]
def _unique_entries(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Validator: the list's entries must be distinct — checked on the raw entries too when
    some entries are invalid, so a repeat is reported together with them."""
    try:
        items = handler(value)
    except ValidationError as exc:
        repeats = _repeats(value) if isinstance(value, list | tuple) else []
        if not repeats:
            raise
        detail: InitErrorDetails = {"type": _repeat_error(repeats), "loc": (), "input": value}
        raise ValidationError.from_exception_data(
            exc.title, [*_error_details(exc), detail]) from None
    repeats = _repeats(items)
    if repeats:
        raise _repeat_error(repeats)
    return items


def _repeats(items: Sequence[Any]) -> list[Any]:
    """Entries of ``items`` that occur more than once (unhashable entries ignored)."""
    hashable = [item for item in items if isinstance(item, Hashable)]
    return [item for item, n in Counter(hashable).items() if n > 1]


def _repeat_error(repeats: list[Any]) -> PydanticCustomError:
    return PydanticCustomError("repeated", "listed more than once: {items}",
                               {"items": ", ".join(map(str, repeats))})


Unique = WrapValidator(_unique_entries)
"""A list whose entries must be distinct (a repeat is a typo, never meant twice)."""
MAX_LOOKAHEAD_DAYS = 365.0
"""Most days a Council step may look ahead (Coreper's minimum delay, the agenda notice)."""
Lookahead = Annotated[float, Field(ge=0.0, le=MAX_LOOKAHEAD_DAYS, allow_inf_nan=False)]


class Spec(BaseModel):
    """Base of every spec: immutable, unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Delay(Spec):
    """A random delay in days: gamma-distributed with this mean and coefficient of variation.

    ``cv = 0`` makes it fixed. Delays are rounded up to whole days (events happen on days).
    """

    mean: Days
    cv: Annotated[float, Field(ge=0.0, le=5.0)] = 0.0


class Meeting(Spec):
    """An extra Council meeting (a JHA Council, an extraordinary session) on a known date."""

    date: dt.date
    name: str = "Council"


class CalendarSpec(Spec):
    """When the Council and Coreper meet (``docs/eu-rules.md`` §8).

    By default the General Affairs Council meets on the third Tuesday of each month except
    August [S: about monthly, none in August]; Coreper meets every Wednesday [M].
    ``skip_months`` must leave the Council at least one month a year to meet in;
    ``extra_meetings`` fall on distinct dates.
    """

    council_name: str = "General Affairs Council"
    council_week: Annotated[int, Field(ge=1, le=4)] = 3
    council_weekday: Annotated[int, Field(ge=0, le=6)] = 1  # Monday = 0
    skip_months: Annotated[tuple[Annotated[int, Field(ge=1, le=12)], ...], Unique] = (8,)
    coreper_weekday: Annotated[int, Field(ge=0, le=6)] = 2
    extra_meetings: tuple[Meeting, ...] = ()

    @field_validator("skip_months")
    @classmethod
    def _leaves_a_month(cls, v: tuple[int, ...]) -> tuple[int, ...]:
        if len(set(v)) >= 12:
            raise ValueError("skips all 12 months: the Council would never meet")
        return v

    @field_validator("extra_meetings")
    @classmethod
    def _distinct_dates(cls, v: tuple[Meeting, ...]) -> tuple[Meeting, ...]:
        repeats = _repeats([m.date for m in v])
        if repeats:
            raise ValueError("two meetings on "
                             f"{', '.join(d.isoformat() for d in repeats)}")
        return v


class CouncilSpec(Spec):
    """How the Council decides on the measures (``docs/eu-rules.md`` §1, §3, §8).

    ``rule``: ``rqmv`` as in the Dutch answer of 6 Dec 2022 [S/M]; ``qmv`` as in the older
    negotiating frameworks; ``unanimity`` as at the intergovernmental conference.
    ``decision``: ``meeting`` — the proposal goes through Coreper to the next Council
    meeting; ``window`` — (reverse rules only) it is deemed adopted unless rejected within
    ``window_days`` of the proposal, at a meeting in the window or else by written procedure
    on its last day. ``coreper_min_days``: days between a proposal and its examination in
    Coreper. ``agenda_notice_days``: the provisional agenda is circulated at least 14 days
    before a meeting [M]. Both are at most :data:`MAX_LOOKAHEAD_DAYS` (the calendar is built
    that far past the horizon). ``population_year``: a year with a shipped population table
    (:func:`sim.council.available_years`; ``None``: the newest).
    """

    population_year: PopulationYear = None
    rule: RuleName = "rqmv"
    decision: Literal["meeting", "window"] = "meeting"
    window_days: Annotated[float, Field(gt=0.0, allow_inf_nan=False)] = 30.0
    coreper_min_days: Lookahead = 7.0
    agenda_notice_days: Lookahead = 14.0
    calendar: CalendarSpec = CalendarSpec()


class MemberSpec(Spec):
    """One member state's stance, salience and (optional) overridden base rates.

    ``stance`` in [-1, 1]: positive = critical of the candidate (favours pressure), negative =
    friendly. ``salience`` in [0, 1]: how much the issue matters to it (e.g. migration inflow).
    ``None`` base rates come from the behaviour preset.
    """

    stance: Annotated[float, Field(ge=-1.0, le=1.0)] = 0.0
    salience: Probability = 0.0
    base_against: Probability | None = None
    base_abstain: Probability | None = None
    base_absent: Probability | None = None
    request_threshold: Annotated[float, Field(gt=0.0)] | None = None


class BehaviourSpec(Spec):
    """The member-state behaviour model (:mod:`sim.behaviour`); illustrative defaults.

    ``preset``: ``calibrated`` takes each member's base rates of voting against and
    abstaining from the Council's public voting record (``docs/eu-rules.md`` §9); ``uniform``
    gives every member ``uniform_against`` and ``uniform_abstain``. ``count_opt_outs``: also
    take the record's not-participating rates (mostly justice-and-home-affairs opt-outs,
    which do not apply to enlargement). Weights are on the logit scale of the probability of
    voting against a measure: ``stance_weight`` per unit of stance, ``salience_weight`` per
    unit of salience × current issue intensity, ``severity_weight`` per unit of severity.
    ``correlation``: standard deviation of the shared factor added to every member's logit in
    a vote (0 = independent votes). A member whose concern (stance + salience × intensity)
    reaches ``request_threshold`` files a request with probability ``request_probability``
    at each Council meeting.
    """

    preset: Literal["calibrated", "uniform"] = "calibrated"
    uniform_against: Probability = 0.02
    uniform_abstain: Probability = 0.03
    count_opt_outs: bool = False
    stance_weight: Annotated[float, Field(ge=0.0)] = 2.5
    salience_weight: Annotated[float, Field(ge=0.0)] = 1.0
    severity_weight: Annotated[float, Field(ge=0.0)] = 2.0
    correlation: Annotated[float, Field(ge=0.0)] = 0.8
    request_threshold: Annotated[float, Field(gt=0.0)] = 1.0
    request_probability: Probability = 0.5
    members: dict[MemberCode, MemberSpec] = Field(default_factory=dict)


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

    kind: Literal["visa-policy", "rule-of-law"]
    breaches: Annotated[tuple[str, ...], Unique] = Field(min_length=1)
    tolerated_breaches: Annotated[int, Field(ge=0)] = 0
    intensity: Annotated[float, Field(ge=0.0)] = 1.0
    further_breaches: Annotated[tuple[str, ...], Unique] = ()

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

    code: Annotated[str, AfterValidator(_check_candidate)]
    opened: Annotated[tuple[Chapter, ...], Unique] = ()
    provisionally_closed: Annotated[tuple[Chapter, ...], Unique] = ()
    status: Literal["active", "suspended"] = "active"
    paused_clusters: Annotated[tuple[Cluster, ...], Unique] = ()
    funding_eur_per_year: Annotated[float, Field(ge=0.0, allow_inf_nan=False)] = 0.0
    civil_society_share: Probability = 0.0
    step_days: Annotated[float, Field(gt=0.0, allow_inf_nan=False)] = 30.0
    p_reform: Probability = 0.05
    reform_per_pressure: Annotated[float, Field(ge=0.0)] = 0.3
    pending_weight: Annotated[float, Field(ge=0.0)] = 0.5
    p_backslide: Probability = 0.02
    p_open_chapter: Probability = 0.0
    p_close_chapter: Probability = 0.0
    progress_needs_compliance: bool = True

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
                exc.title, [*_error_details(exc), never]) from None
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

    initiative_threshold: Annotated[int, Field(ge=1)] | None = None
    review_days: Annotated[float, Field(gt=0.0, allow_inf_nan=False)] = 30.0
    assessment: Delay = Delay(mean=30.0, cv=0.3)
    lifting_assessment: Delay = Delay(mean=30.0, cv=0.3)
    ladder: Annotated[tuple[MeasureName, ...], Unique] = Field(default=LADDER, min_length=1)
    escalation_days: Days = 180.0
    retry_days: Days = 90.0
    lift_retry_days: Days = 90.0
    max_proposals: Annotated[int, Field(ge=0)] = 4


class MeasuresSpec(Spec):
    """Parameters of the measures (:mod:`sim.measures`).

    ``funding_cut_share``: share of the non-civil-society funding that ``reduce-funding``
    withholds. ``pause_clusters``: clusters ``pause-clusters`` puts on hold.
    ``reopen_chapters``: chapters ``reopen-chapters`` reopens, if provisionally closed at the
    time (empty: every provisionally closed chapter).
    """

    funding_cut_share: Probability = 0.5
    pause_clusters: Annotated[tuple[Cluster, ...], Unique] = (1,)
    reopen_chapters: Annotated[tuple[Chapter, ...], Unique] = ()


class Note(Spec):
    """A historical event on a known date, narrated in the story; it changes nothing."""

    date: dt.date
    actor: str
    text: str


class Scenario(Spec):
    """One complete, validated, immutable scenario.

    ``start``: the date of simulated day 0. ``horizon_days``: how long a run lasts.
    ``about``: what it covers and where its numbers come from.
    """

    name: str = Field(min_length=1)
    title: str = ""
    about: str = ""
    start: dt.date
    horizon_days: Annotated[float, Field(gt=0.0, le=36_500.0, allow_inf_nan=False)]
    council: CouncilSpec = CouncilSpec()
    behaviour: BehaviourSpec = BehaviourSpec()
    candidate: CandidateSpec
    issue: IssueSpec
    commission: CommissionSpec = CommissionSpec()
    measures: MeasuresSpec = MeasuresSpec()
    notes: tuple[Note, ...] = ()

    _compiled: Any = PrivateAttr(default=None)

    def with_changes(self, changes: Mapping[str, Any]) -> Scenario:
        """A validated copy with each ``"dotted.path": value`` replaced.

        An unknown path or an invalid value raises :class:`InputError`.
        """
        data = self.model_dump()
        for path, value in changes.items():
            _assign(data, type(self), path, value, self.name)
        return scenario_from_dict(data, source=f"scenario {self.name}")

    def parameters(self) -> dict[str, bool | int | float | str]:
        """Every scalar knob as ``{"dotted.path": value}`` (sequences and unset options omitted).

        Dates appear as ISO strings; any of these paths can be passed to
        :meth:`with_changes`.
        """
        out: dict[str, bool | int | float | str] = {}
        _flatten(self.model_dump(), "", out)
        return out


# ------------------------------------------------------------------------------- helpers


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


def _error_details(exc: ValidationError) -> list[InitErrorDetails]:
    """``exc``'s errors in the form :meth:`ValidationError.from_exception_data` takes (each
    keeps its type name, path and finished message)."""
    return [{"type": PydanticCustomError(err["type"], err["msg"]), "loc": err["loc"],
             "input": err["input"]} for err in exc.errors()]


def _flatten(node: Any, prefix: str, out: dict[str, bool | int | float | str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(value, f"{prefix}{key}.", out)
    elif isinstance(node, bool | int | float | str):
        out[prefix[:-1]] = node
    elif isinstance(node, dt.date):
        out[prefix[:-1]] = node.isoformat()


def _assign(data: dict[str, Any], model: type[BaseModel], path: str, value: Any,
            name: str) -> None:
    """Set ``data[path]`` following the spec classes, so unknown keys are caught."""
    parts = path.split(".")
    node: Any = data
    kind: Any = model
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            field = kind.model_fields.get(part)
            if field is None:
                raise InputError(f"scenario {name}: unknown parameter {path!r}")
            kind = field.annotation
            if last:
                node[part] = value
                return
            node = node[part]
            if isinstance(node, dict) and _is_dict(kind):
                kind = ("dict", _dict_value(kind))
        elif isinstance(kind, tuple) and kind[0] == "dict":
            if last:
                node[part] = value
                return
            node = node.setdefault(part, {})
            kind = kind[1]
        else:
            raise InputError(f"scenario {name}: unknown parameter {path!r}")
        kind = _unwrap_optional(kind)
        if isinstance(kind, type) and issubclass(kind, BaseModel) and node is None:
            raise InputError(f"scenario {name}: unknown parameter {path!r}")


def _is_dict(annotation: Any) -> bool:
    return getattr(annotation, "__origin__", None) is dict


def _dict_value(annotation: Any) -> Any:
    return annotation.__args__[1]


def _unwrap_optional(annotation: Any) -> Any:
    args = getattr(annotation, "__args__", None)
    if args and type(None) in args and len(args) == 2:
        return next(a for a in args if a is not type(None))
    return annotation


def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p != "[key]"]
    return ".".join(parts) or "(top level)"


def format_errors(exc: ValidationError, source: str) -> str:
    """Every error of ``exc`` on one line: ``source: N errors: path: message; ...``."""
    errors = exc.errors(include_url=False)
    items = []
    for err in errors:
        msg = str(err["msg"]).removeprefix("Value error, ")
        items.append(f"{_location(err['loc'])}: {msg}")
    noun = "error" if len(items) == 1 else "errors"
    return f"{source}: {len(items)} {noun}: " + "; ".join(items)


def scenario_from_dict(data: Mapping[str, Any], source: str = "scenario") -> Scenario:
    """Validate ``data`` into a :class:`Scenario`; every error at once as :class:`InputError`."""
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as exc:
        raise InputError(format_errors(exc, source)) from None


def scenario_directories() -> tuple[Path, ...]:
    """Where bare scenario names are looked up: ``./scenarios``, then the project's."""
    here = Path.cwd() / "scenarios"
    shipped = Path(__file__).resolve().parents[1] / "scenarios"
    return (here,) if here.resolve() == shipped else (here, shipped)


def resolve_scenario_path(path_or_name: str | Path) -> Path:
    """The file a path or bare name refers to; a missing one raises :class:`InputError`."""
    path = Path(path_or_name)
    if path.suffix in (".py", ".toml"):
        if not path.is_file():
            raise InputError(f"scenario file {str(path)!r} not found")
        return path
    for folder in scenario_directories():
        for suffix in (".py", ".toml"):
            candidate = folder / f"{path.name}{suffix}"
            if candidate.is_file():
                return candidate
    raise InputError(f"no scenario called {str(path_or_name)!r} (looked in "
                     f"{', '.join(str(d) for d in scenario_directories())})")


def load_scenario(path_or_name: str | Path) -> Scenario:
    """Load a scenario from a ``.toml`` file, a ``.py`` script defining ``SCENARIO``, or a
    bare name of a file in ``scenarios/``. Any problem raises :class:`InputError`."""
    path = resolve_scenario_path(path_or_name)
    if path.suffix == ".toml":
        return _load_toml(path)
    return _load_script(path)


def _load_toml(path: Path) -> Scenario:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"scenario {path.name}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise InputError(f"cannot read scenario {str(path)!r}: {exc.strerror}") from None
    return scenario_from_dict(data, source=f"scenario {path.name}")


def _load_script(path: Path) -> Scenario:
    module_name = f"_eusim_scenario_{path.stem}_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise InputError(f"cannot import scenario script {str(path)!r}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except ValidationError as exc:
        raise InputError(format_errors(exc, f"scenario {path.name}")) from None
    finally:
        sys.modules.pop(module_name, None)
    scenario = getattr(module, "SCENARIO", None)
    if not isinstance(scenario, Scenario):
        raise InputError(f"scenario script {path.name} must define SCENARIO = Scenario(...)")
    return scenario

