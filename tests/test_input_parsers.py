"""Every parser of client input, with generated input (hypothesis): arbitrary text gives
the expected answer or the expected refusal, never another exception, and whatever a
parser accepts or produces comes back the same."""

from __future__ import annotations

import base64
import json
import string
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from auth.csrf import request_origin, safe_next
from graph.ids import MAX_PK, decode_id, encode_id
from graph.pagination import MAX_OFFSET, decode_cursor, encode_cursor
from graph.persisted import PersistedQueryError, persisted_query_of
from graph.scalars import EARLIEST, LATEST, parse_datetime, serialize_datetime
from kennispunt import ratelimit
from kennispunt.db import DISPLAY_TIMEZONE
from kennispunt.errors import SLUG_PATTERN, Checks, DomainError, ErrorCode
from kennispunt.i18n import negotiate_language
from kennispunt.links import Links
from kennispunt.text import BIDI_CONTROLS, clean_title, has_visible_text, visible
from kennispunt.urls import is_web_address, origin_of, split_url, web_origin
from realtime.stream import MAX_EVENT_ID, decode_event_cursor, encode_event_cursor

FAST = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

SUPERSCRIPT_TWO = "\u00b2"
ARABIC_INDIC_ONE = "\u0661"
INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u3164",
    "\u2800",
    " ",
    "\t",
    "\u00a0",
]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def wrapped(prefix: str) -> st.SearchStrategy[str]:
    """Cursors that decode to ``prefix`` and any text: the decoder's own format, wrongly filled."""
    return st.text().map(lambda rest: b64(prefix + rest))


# --- cursors and IDs -----------------------------------------------------------------------------------


@FAST
@given(st.one_of(st.text(), wrapped("offset:")))
@example(b64("offset:" + SUPERSCRIPT_TWO))
@example(b64("offset:" + ARABIC_INDIC_ONE))
@example(b64("offset:01"))
@example(encode_cursor(5) + "==")
def test_a_page_cursor_is_an_offset_we_handed_out_or_bad_user_input(cursor: str) -> None:
    try:
        offset = decode_cursor(cursor)
    except DomainError as error:
        assert [(p.code, p.message_key) for p in error.problems] == [
            (ErrorCode.BAD_USER_INPUT, "page.bad_cursor")
        ]
    else:
        assert 0 <= offset <= MAX_OFFSET and encode_cursor(offset) == cursor


@FAST
@given(st.integers(min_value=0, max_value=MAX_OFFSET))
def test_every_page_cursor_comes_back(offset: int) -> None:
    assert decode_cursor(encode_cursor(offset)) == offset


@pytest.mark.parametrize(
    "cursor", [b64("offset:" + SUPERSCRIPT_TWO), b64("offset:1" + ARABIC_INDIC_ONE), b64("offset:00")]
)
def test_digits_that_int_reads_otherwise_are_no_page_cursor(cursor: str) -> None:
    with pytest.raises(DomainError):
        decode_cursor(cursor)


@FAST
@given(st.one_of(st.text(), wrapped("event:")))
@example(b64("event:" + SUPERSCRIPT_TWO))
@example(b64("event:" + "9" * 18))
def test_an_event_cursor_is_an_event_id_we_handed_out_or_none(cursor: str) -> None:
    event_id = decode_event_cursor(cursor)
    assert event_id is None or (0 <= event_id <= MAX_EVENT_ID and encode_event_cursor(event_id) == cursor)


@FAST
@given(st.integers(min_value=0, max_value=MAX_EVENT_ID))
def test_every_event_cursor_comes_back(event_id: int) -> None:
    assert decode_event_cursor(encode_event_cursor(event_id)) == event_id


def test_event_ids_beyond_the_column_are_no_cursor() -> None:
    assert decode_event_cursor(encode_event_cursor(MAX_EVENT_ID + 1)) is None
    assert decode_event_cursor(b64("event:" + SUPERSCRIPT_TWO)) is None


@FAST
@given(st.one_of(st.text(), wrapped("Article:"), wrapped("")))
@example(b64("Article:" + SUPERSCRIPT_TWO))
def test_a_global_id_is_one_we_handed_out_or_none(value: str) -> None:
    decoded = decode_id(value)
    assert decoded is None or (
        0 <= decoded.pk <= MAX_PK and encode_id(decoded.type_name, decoded.pk) == value
    )


@FAST
@given(st.sampled_from(["Article", "Thread", "PartnerKey", "TrainingRegistration"]), st.integers(0, MAX_PK))
def test_every_global_id_comes_back(type_name: str, pk: int) -> None:
    decoded = decode_id(encode_id(type_name, pk))
    assert decoded is not None and (decoded.type_name, decoded.pk) == (type_name, pk)


# --- DateTime ------------------------------------------------------------------------------------------

OFFSETS = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


@FAST
@given(st.one_of(st.text(), st.integers(), st.floats(), st.none(), st.lists(st.text(max_size=3), max_size=2)))
@example("0001-01-01T00:00:00+14:00")
@example("9999-12-31T23:59:59-14:00")
@example("0001-01-01T00:00:00")
@example("9999-12-31")
def test_a_datetime_is_parsed_or_bad_user_input(value: Any) -> None:
    try:
        parsed = parse_datetime(value)
    except DomainError as error:
        [problem] = error.problems
        assert problem.code is ErrorCode.BAD_USER_INPUT
        assert problem.message_key in ("datetime.invalid", "datetime.out_of_range")
    else:
        assert parsed.tzinfo is not None and EARLIEST <= parsed <= LATEST
        serialize_datetime(parsed)  # every accepted moment can be sent back


@FAST
@given(st.datetimes(min_value=datetime(1899, 12, 31), max_value=datetime(3000, 1, 1), timezones=OFFSETS))
@example(EARLIEST)
@example(LATEST)
@example(datetime(1899, 12, 31, 14, 0, tzinfo=timezone(timedelta(hours=-10))))
def test_every_aware_datetime_in_range_comes_back_as_the_same_moment(moment: datetime) -> None:
    if not EARLIEST <= moment <= LATEST:
        return
    parsed = parse_datetime(moment.isoformat())
    sent = serialize_datetime(parsed)

    assert parsed == moment
    assert parse_datetime(sent) == moment
    assert datetime.fromisoformat(sent).utcoffset() == moment.astimezone(DISPLAY_TIMEZONE).utcoffset()


@FAST
@given(st.datetimes(timezones=OFFSETS | st.none()))
@example(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))))
@example(datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-14))))
@example(datetime(1, 1, 1))
def test_moments_anywhere_in_the_calendar_are_refused_or_exact(moment: datetime) -> None:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=DISPLAY_TIMEZONE)
    try:
        in_range = EARLIEST <= aware.astimezone(UTC) <= LATEST
    except OverflowError:
        in_range = False
    if in_range:
        assert parse_datetime(moment.isoformat()) == aware
    else:
        with pytest.raises(DomainError) as refused:
            parse_datetime(moment.isoformat())
        assert refused.value.problems[0].message_key == "datetime.out_of_range"


def test_a_datetime_without_offset_is_dutch_local_time() -> None:
    assert parse_datetime("2027-03-20T19:30:00") == datetime(2027, 3, 20, 18, 30, tzinfo=UTC)
    assert serialize_datetime(parse_datetime("2027-07-01T12:00:00Z")) == "2027-07-01T14:00:00+02:00"


# --- text people read ----------------------------------------------------------------------------------

READABLE_TEXT = st.text(
    st.one_of(st.characters(), st.sampled_from(INVISIBLE + BIDI)),
    max_size=40,
)


@FAST
@given(READABLE_TEXT)
@example("\u200b\u200b")
@example("\u202eevil.exe\u202c")
@example("\ufeff \u00ad ")
def test_a_title_is_stored_without_bidi_controls_and_refused_when_nothing_shows(value: str) -> None:
    checks = Checks()

    title = checks.title(("title",), value, max_length=200)

    assert BIDI_CONTROLS.search(title) is None
    assert title == clean_title(title)
    keys = [problem.message_key for problem in checks.problems]
    if not has_visible_text(value):
        assert keys == (["text.invisible"] if value.strip() else ["text.required"])
    else:
        assert keys == [] and visible(title) == visible(value)


@pytest.mark.parametrize("invisible", INVISIBLE + BIDI)
def test_a_title_of_only_invisible_characters_is_refused(invisible: str) -> None:
    checks = Checks()

    checks.title(("title",), f" {invisible}{invisible} ", max_length=200)
    checks.text(("body",), invisible * 3, max_length=200)

    assert [(problem.field, problem.message_key) for problem in checks.problems] == [
        (("title",), "text.invisible" if invisible.strip() else "text.required"),
        (("body",), "text.invisible" if invisible.strip() else "text.required"),
    ]


def test_a_title_keeps_what_shows_and_loses_bidi_controls() -> None:
    checks = Checks()

    assert checks.title(
        ("title",),
        "\u200b\u202eVerkiezings\u00adprogramma \U0001f468\u200d\U0001f469\u2069\ufeff",
        max_length=200,
    ) == ("Verkiezings\u00adprogramma \U0001f468\u200d\U0001f469")
    assert checks.title(("name",), "a\u200b", min_length=2, max_length=200) == "a"
    assert [problem.message_key for problem in checks.problems] == ["text.too_short"]


# --- URLs and origins ----------------------------------------------------------------------------------

URLISH = st.one_of(
    st.text(),
    st.builds(
        lambda scheme, host, port, rest: f"{scheme}://{host}{port}{rest}",
        st.sampled_from(["http", "https", "HTTP", "ftp", "javascript", ""]),
        st.one_of(
            st.text(max_size=12),
            st.sampled_from(["[::1", "[abc]", "[::1]", "a\uff03b", "127.0.0.1", "example.org"]),
        ),
        st.one_of(st.just(""), st.text(string.digits + "-+", max_size=7).map(lambda port: ":" + port)),
        st.text(max_size=12),
    ),
)


@FAST
@given(URLISH)
@example("http://[::1")
@example("http://[abc]/")
@example("https://a\uff03b")
@example("https://example.org:99999")
def test_urls_the_standard_library_refuses_are_none_never_an_exception(url: str) -> None:
    parts = split_url(url)
    origin = origin_of(url)
    is_web_address(url)
    cleaned = web_origin(url)

    assert origin == "" or parts is not None
    if cleaned is not None:
        assert web_origin(cleaned) == cleaned and origin_of(cleaned) == cleaned


@FAST
@given(URLISH)
@example("http://[::1")
@example("//evil.example")
def test_next_is_a_local_path_or_a_trusted_origin(next_url: str) -> None:
    trusted = frozenset({"https://kennispunt.nl"})

    target = safe_next(next_url, trusted)

    assert target == next_url or target == "/"
    assert (target.startswith("/") and not target.startswith("//")) or origin_of(target) in trusted


@FAST
@given(st.dictionaries(st.sampled_from(["origin", "referer"]), URLISH))
@example({"origin": "null", "referer": "http://[::1"})
def test_the_origin_of_a_request_is_read_from_any_headers(headers: dict[str, str]) -> None:
    assert isinstance(request_origin(headers), str)


@FAST
@given(URLISH)
@example("http://kennispunt.test/kennisbank/%00")
@example("http://[::1")
def test_an_oembed_address_names_content_by_its_slug_or_nothing(url: str) -> None:
    resolved = Links("http://kennispunt.test").resolve(url)

    assert resolved is None or (
        resolved[0] in ("article", "training") and SLUG_PATTERN.fullmatch(resolved[1])
    )


def test_partner_origins_are_exactly_scheme_host_and_port() -> None:
    assert web_origin(" HTTPS://Www.Utrecht.NL/ ") == "https://www.utrecht.nl"
    assert web_origin("http://[::1]:8080") == "http://[::1]:8080"
    for bad in (
        "http://[::1",
        "https://a:99999",
        "https://a:-1",
        "https://ex ample.org",
        "https://a\uff03b",
        "https://user@host",
        "https://a/path",
        "ftp://a",
        "https://",
        "https://a:",
        "https://a?x",
        "http://\n0",  # urlsplit drops the newline; the origin would keep it
        "https://utrecht\t.nl",
        "https://utrecht.nl\x00",
    ):
        assert web_origin(bad) is None, bad


# --- rates, persisted queries, languages ---------------------------------------------------------------


@FAST
@given(
    st.one_of(
        st.text(),
        st.from_regex(r"\A[0-9]{1,3} ?(/|per) ?[0-9]{0,3} ?(second|minute|hour|day|month|year)s?\Z"),
    )
)
def test_a_rate_setting_is_rules_or_a_value_error(spec: str) -> None:
    try:
        rules = ratelimit.parse_setting(spec)
    except ValueError:
        return
    assert all(0 < rule.get_expiry() <= ratelimit.MAX_PERIOD_SECONDS for rule in rules)


@pytest.mark.parametrize(
    "spec", ["5/0seconds", "5/0 second", "5 per 0 minute", "10/hour;5/00minutes", "1/2years"]
)
def test_a_rate_with_a_zero_period_or_beyond_a_year_is_refused(spec: str) -> None:
    with pytest.raises(ValueError):
        ratelimit.parse_setting(spec)
    assert ratelimit.parse_setting("5/30seconds;30/hour") == ratelimit.parse("5/30seconds;30/hour")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=70),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=12), children, max_size=3)
    ),
    max_leaves=6,
)


@FAST
@given(
    st.dictionaries(
        st.sampled_from(["persistedQuery", "other"]),
        JSON
        | st.fixed_dictionaries(
            {"version": JSON, "sha256Hash": st.text(string.hexdigits, min_size=63, max_size=65) | JSON}
        ),
    )
)
@example({"persistedQuery": {"version": True, "sha256Hash": "a" * 64}})
@example({"persistedQuery": {"version": 1, "sha256Hash": "\u00e9" * 64}})
def test_a_persisted_query_extension_is_read_or_refused(extensions: dict[str, Any]) -> None:
    try:
        request = persisted_query_of(json.loads(json.dumps(extensions)))
    except PersistedQueryError as error:
        assert error.code == "BAD_USER_INPUT"
        return
    assert request is None or (
        len(request.sha256_hash) == 64 and set(request.sha256_hash) <= set("0123456789abcdef")
    )


@FAST
@given(st.text())
@example("en;q=nan, nl;q=inf")
def test_any_accept_language_picks_dutch_or_english(header: str) -> None:
    assert negotiate_language(header) in ("nl", "en")
