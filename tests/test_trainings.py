"""Trainings end to end: listing, visibility, registering with a waitlist, editing, N+1."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from graph.ids import encode_id
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import StaffRole, User
from kennispunt.db import DISPLAY_TIMEZONE, Database, utcnow
from kennispunt.parties.models import MemberStatus
from kennispunt.trainings import service as trainings
from kennispunt.trainings.models import Training, TrainingRegistration
from tests.conftest import GraphQLClient, RunningServer, count_statements
from tests.factories import (
    make_article,
    make_member,
    make_party,
    make_token,
    make_topic,
    make_training,
    make_user,
    make_verified_member,
)

# --- helpers -----------------------------------------------------------------------


def training_id(training: Training) -> str:
    return encode_id("Training", training.id)


def iso(moment: datetime) -> str:
    """How the API writes a moment: ISO-8601 in Dutch local time, with its UTC offset."""
    return moment.astimezone(DISPLAY_TIMEZONE).isoformat()


async def signed_in(
    db: Database,
    email: str = "lid@example.org",
    name: str = "Sanne de Boer",
    roles: tuple[StaffRole, ...] = (),
) -> tuple[User, str]:
    """A signed-in user who may register: staff with ``roles``, otherwise a verified party member."""
    user = await make_user(db, email, name, roles) if roles else await make_verified_member(db, email, name)
    return user, await make_token(db, user)


async def registration_id(db: Database, training: Training, user: User) -> str:
    async with db.session() as session:
        pk = await session.scalar(
            select(TrainingRegistration.id).where(
                TrainingRegistration.training_id == training.id, TrainingRegistration.user_id == user.id
            )
        )
    assert pk is not None
    return encode_id("TrainingRegistration", pk)


async def register_directly(db: Database, training: Training, user: User) -> None:
    async with db.transaction() as session:
        await trainings.register(session, await accounts.load_viewer(session, user.id), training.id)


async def training_id_by_slug(db: Database, slug: str) -> str:
    async with db.session() as session:
        pk = await session.scalar(select(Training.id).where(Training.slug == slug))
    assert pk is not None
    return encode_id("Training", pk)


LIST = """
query List($upcoming: Boolean, $first: Int, $after: String) {
  trainings(upcoming: $upcoming, first: $first, after: $after) {
    edges { node { slug } }
    totalCount
  }
}
"""

REGISTER = """
mutation Register($id: ID!) {
  registerForTraining(input: {trainingId: $id}) {
    registration { id status waitlistPosition training { seatsLeft } }
    errors { field message code }
  }
}
"""

CANCEL = """
mutation Cancel($id: ID!) {
  cancelTrainingRegistration(input: {registrationId: $id}) {
    registration { id status waitlistPosition training { seatsLeft } }
    errors { field message code }
  }
}
"""

REGISTRATION_NODE = """
query Registration($id: ID!) {
  node(id: $id) { ... on TrainingRegistration { status waitlistPosition } }
}
"""


def registered(registration_id: str, status: str, position: int | None, seats_left: int) -> dict[str, Any]:
    return {
        "data": {
            "registerForTraining": {
                "registration": {
                    "id": registration_id,
                    "status": status,
                    "waitlistPosition": position,
                    "training": {"seatsLeft": seats_left},
                },
                "errors": [],
            }
        }
    }


def refused(mutation: str, field: list[str] | None, message: str, code: str) -> dict[str, Any]:
    return {
        "data": {
            mutation: {"registration": None, "errors": [{"field": field, "message": message, "code": code}]}
        }
    }


# --- listing and visibility --------------------------------------------------------


async def test_upcoming_trainings_come_soonest_first(db: Database, gql: GraphQLClient) -> None:
    await make_training(db, "Later", starts_in=timedelta(days=30))
    await make_training(db, "Eerder", starts_in=timedelta(days=3))
    await make_training(db, "Geweest", starts_in=timedelta(days=-3))
    await make_training(db, "Lang geleden", starts_in=timedelta(days=-30))

    assert await gql(LIST) == {
        "data": {
            "trainings": {
                "edges": [{"node": {"slug": "eerder"}}, {"node": {"slug": "later"}}],
                "totalCount": 2,
            }
        }
    }
    assert await gql(LIST, {"upcoming": False}) == {
        "data": {
            "trainings": {
                "edges": [{"node": {"slug": "geweest"}}, {"node": {"slug": "lang-geleden"}}],
                "totalCount": 2,
            }
        }
    }


async def test_trainings_by_topic_and_all_of_them(db: Database, gql: GraphQLClient) -> None:
    campaigns = await make_topic(db, "campagne-voeren", "Campagne voeren")
    finances = await make_topic(db, "financien", "Financiën")
    await make_training(db, "Flyeren", starts_in=timedelta(days=5), topic=campaigns)
    await make_training(db, "Begroting lezen", starts_in=timedelta(days=4), topic=finances)
    await make_training(db, "Deur aan deur", starts_in=timedelta(days=-4), topic=campaigns)
    query = """
    query List($upcoming: Boolean, $topic: String) {
      trainings(upcoming: $upcoming, topic: $topic) { edges { node { slug topic { slug } } } totalCount }
    }
    """

    assert await gql(query, {"topic": "campagne-voeren"}) == {
        "data": {
            "trainings": {
                "edges": [{"node": {"slug": "flyeren", "topic": {"slug": "campagne-voeren"}}}],
                "totalCount": 1,
            }
        }
    }
    assert await gql(query, {"upcoming": None, "topic": "campagne-voeren"}) == {
        "data": {
            "trainings": {
                "edges": [
                    {"node": {"slug": "deur-aan-deur", "topic": {"slug": "campagne-voeren"}}},
                    {"node": {"slug": "flyeren", "topic": {"slug": "campagne-voeren"}}},
                ],
                "totalCount": 2,
            }
        }
    }
    assert await gql(query, {"topic": "bestaat-niet"}) == {
        "data": {"trainings": {"edges": [], "totalCount": 0}}
    }


async def test_drafts_are_listed_for_editors_only(db: Database, gql: GraphQLClient) -> None:
    await make_training(db, "Gepubliceerd")
    await make_training(db, "Concept", published=False)
    _, member = await signed_in(db)
    _, editor = await signed_in(db, "redactie@example.org", "Redactie", (StaffRole.EDITOR,))
    query = """
    query Drafts($status: [PublicationStatus!]) {
      trainings(status: $status) { edges { node { slug status } } totalCount }
    }
    """
    published_only = {
        "data": {
            "trainings": {
                "edges": [{"node": {"slug": "gepubliceerd", "status": "PUBLISHED"}}],
                "totalCount": 1,
            }
        }
    }

    assert await gql(query) == published_only
    assert await gql(query, {"status": ["DRAFT"]}) == {"data": {"trainings": {"edges": [], "totalCount": 0}}}
    assert await gql(query, {"status": ["DRAFT"]}, token=member) == {
        "data": {"trainings": {"edges": [], "totalCount": 0}}
    }
    assert await gql(query, token=editor) == published_only
    assert await gql(query, {"status": ["DRAFT"]}, token=editor) == {
        "data": {"trainings": {"edges": [{"node": {"slug": "concept", "status": "DRAFT"}}], "totalCount": 1}}
    }


async def test_training_by_slug(db: Database, gql: GraphQLClient) -> None:
    published = await make_training(db, "Campagne voeren")
    await make_training(db, "Nog geheim", published=False)
    _, editor = await signed_in(db, "redactie@example.org", "Redactie", (StaffRole.EDITOR,))
    query = "query Training($slug: String!) { training(slug: $slug) { id title } }"

    assert await gql(query, {"slug": "campagne-voeren"}) == {
        "data": {"training": {"id": training_id(published), "title": "Campagne voeren"}}
    }
    assert await gql(query, {"slug": "bestaat-niet"}) == {"data": {"training": None}}
    assert await gql(query, {"slug": "nog-geheim"}) == {"data": {"training": None}}
    assert await gql(query, {"slug": "nog-geheim"}, token=editor) == {
        "data": {"training": {"id": await training_id_by_slug(db, "nog-geheim"), "title": "Nog geheim"}}
    }


async def test_a_draft_is_not_found_through_node_except_by_editors(db: Database, gql: GraphQLClient) -> None:
    draft = await make_training(db, "Concept", published=False)
    _, member = await signed_in(db)
    _, editor = await signed_in(db, "redactie@example.org", "Redactie", (StaffRole.EDITOR,))
    query = "query Node($id: ID!) { node(id: $id) { id ... on Training { title status } } }"

    assert await gql(query, {"id": training_id(draft)}) == {"data": {"node": None}}
    assert await gql(query, {"id": training_id(draft)}, token=member) == {"data": {"node": None}}
    assert await gql(query, {"id": training_id(draft)}, token=editor) == {
        "data": {"node": {"id": training_id(draft), "title": "Concept", "status": "DRAFT"}}
    }


async def test_trainings_are_paged_with_cursors(db: Database, gql: GraphQLClient) -> None:
    for day in range(1, 6):
        await make_training(db, f"Training {day}", starts_in=timedelta(days=day + 1))
    query = """
    query Page($first: Int, $after: String) {
      trainings(first: $first, after: $after) {
        edges { cursor node { slug } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        totalCount
      }
    }
    """

    first_page = await gql(query, {"first": 2})
    cursors = [edge["cursor"] for edge in first_page["data"]["trainings"]["edges"]]
    assert first_page == {
        "data": {
            "trainings": {
                "edges": [
                    {"cursor": cursors[0], "node": {"slug": "training-1"}},
                    {"cursor": cursors[1], "node": {"slug": "training-2"}},
                ],
                "pageInfo": {
                    "hasNextPage": True,
                    "hasPreviousPage": False,
                    "startCursor": cursors[0],
                    "endCursor": cursors[1],
                },
                "totalCount": 5,
            }
        }
    }

    second_page = await gql(query, {"first": 2, "after": cursors[1]})
    cursors = [edge["cursor"] for edge in second_page["data"]["trainings"]["edges"]]
    assert second_page["data"]["trainings"] == {
        "edges": [
            {"cursor": cursors[0], "node": {"slug": "training-3"}},
            {"cursor": cursors[1], "node": {"slug": "training-4"}},
        ],
        "pageInfo": {
            "hasNextPage": True,
            "hasPreviousPage": True,
            "startCursor": cursors[0],
            "endCursor": cursors[1],
        },
        "totalCount": 5,
    }

    last_page = await gql(query, {"first": 2, "after": cursors[1]})
    cursor = last_page["data"]["trainings"]["edges"][0]["cursor"]
    assert last_page["data"]["trainings"] == {
        "edges": [{"cursor": cursor, "node": {"slug": "training-5"}}],
        "pageInfo": {
            "hasNextPage": False,
            "hasPreviousPage": True,
            "startCursor": cursor,
            "endCursor": cursor,
        },
        "totalCount": 5,
    }


async def test_a_cursor_that_is_not_ours_is_refused(gql: GraphQLClient) -> None:
    assert await gql('query { trainings(after: "rommel") { totalCount } }') == {
        "data": None,
        "errors": [
            {
                "message": "Deze cursor is ongeldig.",
                "locations": [{"line": 1, "column": 9}],
                "path": ["trainings"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


async def test_more_than_100_per_page_is_refused(gql: GraphQLClient) -> None:
    query = "query { trainings(first: 101) { totalCount } }"

    assert await gql(query) == {
        "data": None,
        "errors": [
            {
                "message": "'first' mag hoogstens 100 zijn.",
                "locations": [{"line": 1, "column": 9}],
                "path": ["trainings"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }
    assert (await gql(query, language="en"))["errors"][0]["message"] == "'first' may be at most 100."


async def test_a_course_spans_its_sessions(db: Database, gql: GraphQLClient) -> None:
    course = await make_training(db, "Raadswerk in vier avonden", sessions=3, capacity=12)
    first = course.starts_at.astimezone(UTC)
    query = """
    query Course($slug: String!) {
      training(slug: $slug) {
        startsAt endsAt capacity seatsLeft isRegistrationOpen
        sessions { startsAt endsAt }
      }
    }
    """

    assert await gql(query, {"slug": "raadswerk-in-vier-avonden"}) == {
        "data": {
            "training": {
                "startsAt": iso(first),
                "endsAt": iso(first + timedelta(days=14, hours=2)),
                "capacity": 12,
                "seatsLeft": 12,
                "isRegistrationOpen": True,
                "sessions": [
                    {
                        "startsAt": iso(first + timedelta(days=week * 7)),
                        "endsAt": iso(first + timedelta(days=week * 7, hours=2)),
                    }
                    for week in range(3)
                ],
            }
        }
    }
    # Dutch local time, with its offset.
    assert iso(first)[-6:] in ("+01:00", "+02:00")


# --- registering -------------------------------------------------------------------


async def test_signing_in_is_needed_to_register(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db)

    assert await gql(REGISTER, {"id": training_id(training)}) == refused(
        "registerForTraining", None, "Log in om dit te doen.", "UNAUTHENTICATED"
    )


async def test_only_verified_party_members_and_staff_may_register(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db)
    party = await make_party(db)
    outsider = await make_token(db, await make_user(db, "buiten@example.org", "Bram Buiten"))
    pending_user = await make_user(db, "nieuw@example.org", "Noah Nieuw")
    await make_member(db, pending_user, party, status=MemberStatus.PENDING)
    revoked_user = await make_user(db, "oud@example.org", "Olaf Oud")
    await make_member(db, revoked_user, party, status=MemberStatus.REVOKED)
    helpdesk_user, helpdesk = await signed_in(
        db, "helpdesk@example.org", "Henk Helpdesk", (StaffRole.HELPDESK,)
    )
    member_user, member = await signed_in(db)
    members_only = refused(
        "registerForTraining",
        None,
        "Alleen geverifieerde leden van een lokale partij kunnen zich inschrijven.",
        "FORBIDDEN",
    )

    assert await gql(REGISTER, {"id": training_id(training)}, token=outsider) == members_only
    assert (
        await gql(REGISTER, {"id": training_id(training)}, token=await make_token(db, pending_user))
        == members_only
    )
    assert (
        await gql(REGISTER, {"id": training_id(training)}, token=await make_token(db, revoked_user))
        == members_only
    )
    assert await gql(REGISTER, {"id": training_id(training)}, token=outsider, language="en") == refused(
        "registerForTraining", None, "Only verified members of a local party can register.", "FORBIDDEN"
    )
    assert await gql(REGISTER, {"id": training_id(training)}, token=member) == registered(
        await registration_id(db, training, member_user), "CONFIRMED", None, 9
    )
    assert await gql(REGISTER, {"id": training_id(training)}, token=helpdesk) == registered(
        await registration_id(db, training, helpdesk_user), "CONFIRMED", None, 8
    )


async def test_a_full_training_puts_people_on_the_waitlist(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db, capacity=2)
    people = [await signed_in(db, f"lid{n}@example.org", f"Lid {n}") for n in range(4)]

    results = []
    for user, token in people:
        results.append((await gql(REGISTER, {"id": training_id(training)}, token=token), user))

    expected = [("CONFIRMED", None, 1), ("CONFIRMED", None, 0), ("WAITLISTED", 1, 0), ("WAITLISTED", 2, 0)]
    for (result, user), (status, position, seats_left) in zip(results, expected, strict=True):
        assert result == registered(await registration_id(db, training, user), status, position, seats_left)


async def test_registering_twice_is_a_conflict(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db)
    _, token = await signed_in(db)
    await gql(REGISTER, {"id": training_id(training)}, token=token)

    assert await gql(REGISTER, {"id": training_id(training)}, token=token) == refused(
        "registerForTraining", ["trainingId"], "Je bent al ingeschreven voor deze training.", "CONFLICT"
    )
    assert await gql(REGISTER, {"id": training_id(training)}, token=token, language="en") == refused(
        "registerForTraining", ["trainingId"], "You are already registered for this training.", "CONFLICT"
    )


async def test_registration_closes_at_the_deadline(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db, starts_in=timedelta(days=2), deadline_before=timedelta(days=3))
    past = await make_training(db, "Geweest", starts_in=timedelta(days=-2))
    _, token = await signed_in(db)

    for closed in (training, past):
        assert await gql(REGISTER, {"id": training_id(closed)}, token=token) == refused(
            "registerForTraining",
            ["trainingId"],
            "De inschrijving voor deze training is gesloten.",
            "CONFLICT",
        )
    assert await gql(REGISTER, {"id": training_id(training)}, token=token, language="en") == refused(
        "registerForTraining", ["trainingId"], "Registration for this training has closed.", "CONFLICT"
    )


async def test_registering_for_something_that_is_not_an_open_training(
    db: Database, gql: GraphQLClient
) -> None:
    topic = await make_topic(db)
    article = await make_article(db, topic)
    draft = await make_training(db, "Concept", published=False)
    _, token = await signed_in(db)
    _, editor = await signed_in(db, "redactie@example.org", "Redactie", (StaffRole.EDITOR,))
    not_an_id = refused("registerForTraining", ["trainingId"], "Dit is geen geldig ID.", "BAD_USER_INPUT")
    not_found = refused("registerForTraining", ["trainingId"], "Deze training bestaat niet.", "NOT_FOUND")

    assert await gql(REGISTER, {"id": "geen-id"}, token=token) == not_an_id
    assert await gql(REGISTER, {"id": encode_id("Article", article.id)}, token=token) == not_an_id
    assert await gql(REGISTER, {"id": encode_id("Training", 987654)}, token=token) == not_found
    assert await gql(REGISTER, {"id": training_id(draft)}, token=token) == not_found
    assert await gql(REGISTER, {"id": training_id(draft)}, token=editor) == refused(
        "registerForTraining", ["trainingId"], "Voor deze training kun je je niet inschrijven.", "CONFLICT"
    )
    assert await gql(REGISTER, {"id": "geen-id"}, token=token, language="en") == refused(
        "registerForTraining", ["trainingId"], "This is not a valid ID.", "BAD_USER_INPUT"
    )
    assert await gql(REGISTER, {"id": training_id(draft)}, token=token, language="en") == refused(
        "registerForTraining", ["trainingId"], "This training does not exist.", "NOT_FOUND"
    )


async def test_an_archived_training_can_be_read_but_not_joined(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db)
    _, token = await signed_in(db)
    _, editor = await signed_in(db, "redactie@example.org", "Redactie", (StaffRole.EDITOR,))
    archive = """
    mutation Archive($id: ID!) { archiveTraining(input: {id: $id}) { training { status } errors { code } } }
    """

    assert await gql(archive, {"id": training_id(training)}, token=editor) == {
        "data": {"archiveTraining": {"training": {"status": "ARCHIVED"}, "errors": []}}
    }
    assert await gql(LIST) == {"data": {"trainings": {"edges": [], "totalCount": 0}}}
    assert await gql(
        "query ($slug: String!) { training(slug: $slug) { status isRegistrationOpen } }",
        {"slug": training.slug},
    ) == {"data": {"training": {"status": "ARCHIVED", "isRegistrationOpen": False}}}
    assert await gql(REGISTER, {"id": training_id(training)}, token=token) == refused(
        "registerForTraining", ["trainingId"], "Voor deze training kun je je niet inschrijven.", "CONFLICT"
    )


async def test_one_request_with_two_mutations_sees_each_ones_effect(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db, capacity=2)
    user, token = await signed_in(db)
    await register_directly(db, training, user)
    registration = await registration_id(db, training, user)
    query = """
    mutation Both($registration: ID!, $training: ID!) {
      cancel: cancelTrainingRegistration(input: {registrationId: $registration}) {
        registration { status training { seatsLeft viewerRegistration { status } } }
      }
      again: registerForTraining(input: {trainingId: $training}) {
        registration { status training { seatsLeft viewerRegistration { status } } }
      }
    }
    """

    assert await gql(
        query, {"registration": registration, "training": training_id(training)}, token=token
    ) == {
        "data": {
            "cancel": {
                "registration": {
                    "status": "CANCELLED",
                    "training": {"seatsLeft": 2, "viewerRegistration": {"status": "CANCELLED"}},
                }
            },
            "again": {
                "registration": {
                    "status": "CONFIRMED",
                    "training": {"seatsLeft": 1, "viewerRegistration": {"status": "CONFIRMED"}},
                }
            },
        }
    }


async def test_a_registration_reads_the_same_in_the_payload_and_later(
    db: Database, gql: GraphQLClient
) -> None:
    training = await make_training(db)
    user, token = await signed_in(db)
    register = """
    mutation Register($id: ID!) {
      registerForTraining(input: {trainingId: $id}) {
        registration { id status createdAt attendee { displayName } training { slug } }
      }
    }
    """
    read = """
    query Read($id: ID!) {
      node(id: $id) {
        ... on TrainingRegistration { id status createdAt attendee { displayName } training { slug } }
      }
    }
    """

    result = await gql(register, {"id": training_id(training)}, token=token)

    registration = result["data"]["registerForTraining"]["registration"]
    assert registration == {
        "id": await registration_id(db, training, user),
        "status": "CONFIRMED",
        "createdAt": registration["createdAt"],
        "attendee": {"displayName": "Sanne de Boer"},
        "training": {"slug": "campagne-voeren"},
    }
    assert registration["createdAt"][-6:] in ("+01:00", "+02:00")  # Dutch local time, like every read
    assert await gql(read, {"id": registration["id"]}, token=token) == {"data": {"node": registration}}


async def test_editors_see_every_registration_in_waitlist_order(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db, capacity=1)
    people = [await signed_in(db, f"lid{n}@example.org", f"Lid {n}") for n in range(3)]
    for user, _ in people:
        await register_directly(db, training, user)
    _, editor = await signed_in(db, "redactie@example.org", "Redactie", (StaffRole.EDITOR,))
    query = """
    query Registrations($slug: String!) {
      training(slug: $slug) {
        registrations { edges { node { attendee { displayName } status waitlistPosition } } totalCount }
      }
    }
    """

    assert await gql(query, {"slug": training.slug}, token=editor) == {
        "data": {
            "training": {
                "registrations": {
                    "edges": [
                        {
                            "node": {
                                "attendee": {"displayName": "Lid 0"},
                                "status": "CONFIRMED",
                                "waitlistPosition": None,
                            }
                        },
                        {
                            "node": {
                                "attendee": {"displayName": "Lid 1"},
                                "status": "WAITLISTED",
                                "waitlistPosition": 1,
                            }
                        },
                        {
                            "node": {
                                "attendee": {"displayName": "Lid 2"},
                                "status": "WAITLISTED",
                                "waitlistPosition": 2,
                            }
                        },
                    ],
                    "totalCount": 3,
                }
            }
        }
    }
    assert await gql(query, {"slug": training.slug}, token=people[2][1]) == {
        "data": {
            "training": {
                "registrations": {
                    "edges": [
                        {
                            "node": {
                                "attendee": {"displayName": "Lid 2"},
                                "status": "WAITLISTED",
                                "waitlistPosition": 2,
                            }
                        }
                    ],
                    "totalCount": 1,
                }
            }
        }
    }
    assert await gql(query, {"slug": training.slug}) == {
        "data": {"training": {"registrations": {"edges": [], "totalCount": 0}}}
    }


async def test_the_viewer_sees_their_own_registration(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db, capacity=1)
    first, first_token = await signed_in(db)
    second, second_token = await signed_in(db, "tweede@example.org", "Tweede")
    _, bystander = await signed_in(db, "ander@example.org", "Ander")
    await register_directly(db, training, first)
    await register_directly(db, training, second)
    query = """
    query Mine($slug: String!) {
      training(slug: $slug) { viewerRegistration { id status waitlistPosition attendee { displayName } } }
    }
    """
    variables = {"slug": training.slug}

    assert await gql(query, variables) == {"data": {"training": {"viewerRegistration": None}}}
    assert await gql(query, variables, token=bystander) == {
        "data": {"training": {"viewerRegistration": None}}
    }
    assert await gql(query, variables, token=first_token) == {
        "data": {
            "training": {
                "viewerRegistration": {
                    "id": await registration_id(db, training, first),
                    "status": "CONFIRMED",
                    "waitlistPosition": None,
                    "attendee": {"displayName": "Sanne de Boer"},
                }
            }
        }
    }
    assert await gql(query, variables, token=second_token) == {
        "data": {
            "training": {
                "viewerRegistration": {
                    "id": await registration_id(db, training, second),
                    "status": "WAITLISTED",
                    "waitlistPosition": 1,
                    "attendee": {"displayName": "Tweede"},
                }
            }
        }
    }


# --- cancelling --------------------------------------------------------------------


async def test_cancelling_a_seat_promotes_the_first_on_the_waitlist(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db, capacity=1)
    people = [await signed_in(db, f"lid{n}@example.org", f"Lid {n}") for n in range(4)]
    for user, _ in people:
        await register_directly(db, training, user)
    ids = [await registration_id(db, training, user) for user, _ in people]
    (_, holder), (_, first_waiting), (_, second_waiting), _ = people

    assert await gql(CANCEL, {"id": ids[0]}, token=holder) == {
        "data": {
            "cancelTrainingRegistration": {
                "registration": {
                    "id": ids[0],
                    "status": "CANCELLED",
                    "waitlistPosition": None,
                    "training": {"seatsLeft": 0},
                },
                "errors": [],
            }
        }
    }
    assert await gql(REGISTRATION_NODE, {"id": ids[1]}, token=first_waiting) == {
        "data": {"node": {"status": "CONFIRMED", "waitlistPosition": None}}
    }
    assert await gql(REGISTRATION_NODE, {"id": ids[2]}, token=second_waiting) == {
        "data": {"node": {"status": "WAITLISTED", "waitlistPosition": 1}}
    }
    assert await gql(REGISTRATION_NODE, {"id": ids[3]}, token=people[3][1]) == {
        "data": {"node": {"status": "WAITLISTED", "waitlistPosition": 2}}
    }


async def test_leaving_the_waitlist_moves_those_behind_up(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db, capacity=1)
    people = [await signed_in(db, f"lid{n}@example.org", f"Lid {n}") for n in range(3)]
    for user, _ in people:
        await register_directly(db, training, user)
    ids = [await registration_id(db, training, user) for user, _ in people]

    result = await gql(CANCEL, {"id": ids[1]}, token=people[1][1])

    assert result["data"]["cancelTrainingRegistration"] == {
        "registration": {
            "id": ids[1],
            "status": "CANCELLED",
            "waitlistPosition": None,
            "training": {"seatsLeft": 0},
        },
        "errors": [],
    }
    assert await gql(REGISTRATION_NODE, {"id": ids[0]}, token=people[0][1]) == {
        "data": {"node": {"status": "CONFIRMED", "waitlistPosition": None}}
    }
    assert await gql(REGISTRATION_NODE, {"id": ids[2]}, token=people[2][1]) == {
        "data": {"node": {"status": "WAITLISTED", "waitlistPosition": 1}}
    }


async def test_cancelling_twice_is_a_conflict(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db)
    user, token = await signed_in(db)
    await register_directly(db, training, user)
    registration = await registration_id(db, training, user)
    await gql(CANCEL, {"id": registration}, token=token)

    assert await gql(CANCEL, {"id": registration}, token=token) == refused(
        "cancelTrainingRegistration", ["registrationId"], "Deze inschrijving is al geannuleerd.", "CONFLICT"
    )
    assert await gql(CANCEL, {"id": registration}, token=token, language="en") == refused(
        "cancelTrainingRegistration",
        ["registrationId"],
        "This registration has already been cancelled.",
        "CONFLICT",
    )


async def test_a_started_training_can_no_longer_be_cancelled(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db)
    user, token = await signed_in(db)
    _, editor = await signed_in(db, "redactie@example.org", "Redactie", (StaffRole.EDITOR,))
    await register_directly(db, training, user)
    registration = await registration_id(db, training, user)
    started = (utcnow() - timedelta(hours=1)).replace(microsecond=0)
    moved = await gql(
        UPDATE,
        {
            "input": {
                "id": training_id(training),
                "sessions": [
                    {"startsAt": started.isoformat(), "endsAt": (started + timedelta(hours=3)).isoformat()}
                ],
                "registrationDeadline": (started - timedelta(days=1)).isoformat(),
            }
        },
        token=editor,
    )
    assert moved == {"data": {"updateTraining": {"training": {"capacity": 10, "seatsLeft": 9}, "errors": []}}}

    assert await gql(CANCEL, {"id": registration}, token=token) == refused(
        "cancelTrainingRegistration",
        ["registrationId"],
        "Deze training is al begonnen; annuleren kan niet meer.",
        "CONFLICT",
    )
    assert await gql(
        "query ($slug: String!) { training(slug: $slug) { startsAt endsAt sessions { startsAt endsAt } } }",
        {"slug": training.slug},
    ) == {
        "data": {
            "training": {
                "startsAt": iso(started),
                "endsAt": iso(started + timedelta(hours=3)),
                "sessions": [{"startsAt": iso(started), "endsAt": iso(started + timedelta(hours=3))}],
            }
        }
    }


async def test_nobody_cancels_someone_elses_registration(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db)
    user, token = await signed_in(db)
    _, other = await signed_in(db, "ander@example.org", "Ander")
    await register_directly(db, training, user)
    registration = await registration_id(db, training, user)

    assert await gql(CANCEL, {"id": registration}, token=other) == refused(
        "cancelTrainingRegistration", ["registrationId"], "Deze inschrijving bestaat niet.", "NOT_FOUND"
    )
    assert await gql(CANCEL, {"id": registration}) == refused(
        "cancelTrainingRegistration", None, "Log in om dit te doen.", "UNAUTHENTICATED"
    )
    assert await gql(REGISTRATION_NODE, {"id": registration}, token=other) == {"data": {"node": None}}
    assert await gql(REGISTRATION_NODE, {"id": registration}, token=token) == {
        "data": {"node": {"status": "CONFIRMED", "waitlistPosition": None}}
    }


async def test_registering_again_after_cancelling(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db, capacity=1)
    user, token = await signed_in(db)
    other, _ = await signed_in(db, "ander@example.org", "Ander")
    await register_directly(db, training, user)
    registration = await registration_id(db, training, user)
    await gql(CANCEL, {"id": registration}, token=token)
    await register_directly(db, training, other)

    assert await gql(REGISTER, {"id": training_id(training)}, token=token) == registered(
        registration, "WAITLISTED", 1, 0
    )


# --- capacity under concurrency ----------------------------------------------------


async def test_capacity_holds_when_everyone_registers_at_once(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db, capacity=3)
    tokens = [(await signed_in(db, f"lid{n}@example.org", f"Lid {n}"))[1] for n in range(15)]

    results = await asyncio.gather(
        *(gql(REGISTER, {"id": training_id(training)}, token=token) for token in tokens)
    )

    payloads = [result["data"]["registerForTraining"] for result in results]
    assert [payload["errors"] for payload in payloads] == [[]] * 15
    registrations = [payload["registration"] for payload in payloads]
    assert sorted((r["status"], r["waitlistPosition"] or 0) for r in registrations) == [
        ("CONFIRMED", 0)
    ] * 3 + [("WAITLISTED", position) for position in range(1, 13)]
    assert await gql(
        "query Seats($slug: String!) { training(slug: $slug) { seatsLeft } }", {"slug": training.slug}
    ) == {"data": {"training": {"seatsLeft": 0}}}


async def test_a_double_click_registers_once(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db)
    user, token = await signed_in(db)

    results = await asyncio.gather(
        *(gql(REGISTER, {"id": training_id(training)}, token=token) for _ in range(2))
    )

    assert sorted(results, key=lambda result: bool(result["data"]["registerForTraining"]["errors"])) == [
        registered(await registration_id(db, training, user), "CONFIRMED", None, 9),
        refused(
            "registerForTraining", ["trainingId"], "Je bent al ingeschreven voor deze training.", "CONFLICT"
        ),
    ]


# --- editors -----------------------------------------------------------------------

CREATE = """
mutation Create($input: CreateTrainingInput!) {
  createTraining(input: $input) {
    training {
      id slug title summary descriptionHtml format location capacity seatsLeft status isRegistrationOpen
      startsAt endsAt registrationDeadline
      sessions { startsAt endsAt }
      topic { slug }
    }
    errors { field message code }
  }
}
"""

PUBLISH = """
mutation Publish($id: ID!) {
  publishTraining(input: {id: $id}) { training { slug status isRegistrationOpen } errors { field message code } }
}
"""

UPDATE = """
mutation Update($input: UpdateTrainingInput!) {
  updateTraining(input: $input) { training { capacity seatsLeft } errors { field message code } }
}
"""


def course_input(**changes: Any) -> dict[str, Any]:
    return {
        "title": "Debatteren in de raad",
        "summary": "Twee avonden oefenen met debatteren.",
        "description": "Met **oefeningen**.",
        "format": "IN_PERSON",
        "location": "Utrecht, Stadhuis",
        "capacity": 20,
        "registrationDeadline": "2030-03-13T12:00:00+01:00",
        "sessions": [
            {"startsAt": "2030-03-27T19:30:00+01:00", "endsAt": "2030-03-27T22:00:00+01:00"},
            {"startsAt": "2030-03-20T18:30:00Z", "endsAt": "2030-03-20T21:00:00Z"},
        ],
        **changes,
    }


async def test_editors_plan_and_publish_a_course(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db, "raadswerk", "Raadswerk")
    _, editor = await signed_in(db, "redactie@example.org", "Redactie", (StaffRole.EDITOR,))

    created = await gql(CREATE, {"input": course_input(topicId=encode_id("Topic", topic.id))}, token=editor)

    course = await training_id_by_slug(db, "debatteren-in-de-raad")
    assert created == {
        "data": {
            "createTraining": {
                "training": {
                    "id": course,
                    "slug": "debatteren-in-de-raad",
                    "title": "Debatteren in de raad",
                    "summary": "Twee avonden oefenen met debatteren.",
                    "descriptionHtml": "<p>Met <strong>oefeningen</strong>.</p>\n",
                    "format": "IN_PERSON",
                    "location": "Utrecht, Stadhuis",
                    "capacity": 20,
                    "seatsLeft": 20,
                    "status": "DRAFT",
                    "isRegistrationOpen": False,
                    "startsAt": "2030-03-20T19:30:00+01:00",
                    "endsAt": "2030-03-27T22:00:00+01:00",
                    "registrationDeadline": "2030-03-13T12:00:00+01:00",
                    "sessions": [
                        {"startsAt": "2030-03-20T19:30:00+01:00", "endsAt": "2030-03-20T22:00:00+01:00"},
                        {"startsAt": "2030-03-27T19:30:00+01:00", "endsAt": "2030-03-27T22:00:00+01:00"},
                    ],
                    "topic": {"slug": "raadswerk"},
                },
                "errors": [],
            }
        }
    }
    assert await gql(LIST) == {"data": {"trainings": {"edges": [], "totalCount": 0}}}

    assert await gql(PUBLISH, {"id": course}, token=editor) == {
        "data": {
            "publishTraining": {
                "training": {
                    "slug": "debatteren-in-de-raad",
                    "status": "PUBLISHED",
                    "isRegistrationOpen": True,
                },
                "errors": [],
            }
        }
    }
    assert await gql(LIST) == {
        "data": {"trainings": {"edges": [{"node": {"slug": "debatteren-in-de-raad"}}], "totalCount": 1}}
    }
    assert await gql(PUBLISH, {"id": course}, token=editor) == {
        "data": {
            "publishTraining": {
                "training": None,
                "errors": [
                    {"field": None, "message": "Deze training is al gepubliceerd.", "code": "CONFLICT"}
                ],
            }
        }
    }


async def test_a_training_held_again_gets_a_slug_of_its_own(db: Database, gql: GraphQLClient) -> None:
    _, editor = await signed_in(db, "redactie@example.org", "Redactie", (StaffRole.EDITOR,))
    query = """
    mutation Create($input: CreateTrainingInput!) {
      createTraining(input: $input) { training { slug } errors { field message code } }
    }
    """

    slugs = [await gql(query, {"input": course_input()}, token=editor) for _ in range(3)]

    assert [result["data"]["createTraining"] for result in slugs] == [
        {"training": {"slug": slug}, "errors": []}
        for slug in ("debatteren-in-de-raad", "debatteren-in-de-raad-2", "debatteren-in-de-raad-3")
    ]
    assert await gql(query, {"input": course_input(slug="debatteren-in-de-raad")}, token=editor) == {
        "data": {
            "createTraining": {
                "training": None,
                "errors": [{"field": ["slug"], "message": "Deze slug is al in gebruik.", "code": "CONFLICT"}],
            }
        }
    }


async def test_invalid_trainings_are_refused_field_by_field(db: Database, gql: GraphQLClient) -> None:
    _, editor = await signed_in(db, "redactie@example.org", "Redactie", (StaffRole.EDITOR,))

    async def errors(language: str | None = None, **changes: Any) -> list[dict[str, Any]]:
        result = await gql(CREATE, {"input": course_input(**changes)}, token=editor, language=language)
        assert result["data"]["createTraining"]["training"] is None
        return result["data"]["createTraining"]["errors"]  # type: ignore[no-any-return]

    assert await errors(title="  ") == [
        {"field": ["title"], "message": "Vul dit veld in.", "code": "BAD_USER_INPUT"}
    ]
    assert await errors(
        sessions=[{"startsAt": "2030-03-20T19:30:00+01:00", "endsAt": "2030-03-20T19:00:00+01:00"}]
    ) == [
        {
            "field": ["sessions", "0", "endsAt"],
            "message": "Het einde moet na het begin liggen.",
            "code": "BAD_USER_INPUT",
        }
    ]
    assert await errors(registrationDeadline="2030-03-21T12:00:00+01:00") == [
        {
            "field": ["registrationDeadline"],
            "message": "De inschrijfdeadline ligt uiterlijk bij het begin van de eerste bijeenkomst.",
            "code": "BAD_USER_INPUT",
        }
    ]
    assert await errors(capacity=0) == [
        {"field": ["capacity"], "message": "Kies een getal van 1 tot en met 10000.", "code": "BAD_USER_INPUT"}
    ]
    assert await errors(location=None) == [
        {
            "field": ["location"],
            "message": "Geef een locatie op voor een training op locatie.",
            "code": "BAD_USER_INPUT",
        }
    ]
    assert await errors(sessions=[]) == [
        {"field": ["sessions"], "message": "Geef minstens één bijeenkomst op.", "code": "BAD_USER_INPUT"}
    ]
    assert await errors("en", title="", capacity=0, location="  ") == [
        {"field": ["title"], "message": "This field is required.", "code": "BAD_USER_INPUT"},
        {
            "field": ["location"],
            "message": "Give a location for an in-person training.",
            "code": "BAD_USER_INPUT",
        },
        {"field": ["capacity"], "message": "Choose a number from 1 to 10000.", "code": "BAD_USER_INPUT"},
    ]
    assert await gql(LIST, {"upcoming": None}, token=editor) == {
        "data": {"trainings": {"edges": [], "totalCount": 0}}
    }


async def test_only_editors_plan_trainings(db: Database, gql: GraphQLClient) -> None:
    _, member = await signed_in(db)
    forbidden = {
        "data": {
            "createTraining": {
                "training": None,
                "errors": [
                    {
                        "field": None,
                        "message": "Je hebt geen toestemming om dit te doen.",
                        "code": "FORBIDDEN",
                    }
                ],
            }
        }
    }

    assert await gql(CREATE, {"input": course_input()}, token=member) == forbidden
    sign_in = {"field": None, "message": "Log in om dit te doen.", "code": "UNAUTHENTICATED"}
    assert await gql(CREATE, {"input": course_input()}) == {  # anonymous: sign in first, as everywhere
        "data": {"createTraining": {"training": None, "errors": [sign_in]}}
    }
    draft = await make_training(db, "Concept", published=False)
    assert await gql(PUBLISH, {"id": training_id(draft)}, token=member) == {
        "data": {
            "publishTraining": {
                "training": None,
                "errors": [
                    {
                        "field": None,
                        "message": "Je hebt geen toestemming om dit te doen.",
                        "code": "FORBIDDEN",
                    }
                ],
            }
        }
    }


async def test_more_capacity_promotes_the_waitlist(db: Database, gql: GraphQLClient) -> None:
    training = await make_training(db, capacity=1)
    people = [await signed_in(db, f"lid{n}@example.org", f"Lid {n}") for n in range(4)]
    for user, _ in people:
        await register_directly(db, training, user)
    ids = [await registration_id(db, training, user) for user, _ in people]
    _, editor = await signed_in(db, "redactie@example.org", "Redactie", (StaffRole.EDITOR,))

    assert await gql(UPDATE, {"input": {"id": training_id(training), "capacity": 3}}, token=editor) == {
        "data": {"updateTraining": {"training": {"capacity": 3, "seatsLeft": 0}, "errors": []}}
    }
    statuses = [
        await gql(REGISTRATION_NODE, {"id": id}, token=token)
        for id, (_, token) in zip(ids, people, strict=True)
    ]
    assert [status["data"]["node"] for status in statuses] == [
        {"status": "CONFIRMED", "waitlistPosition": None},
        {"status": "CONFIRMED", "waitlistPosition": None},
        {"status": "CONFIRMED", "waitlistPosition": None},
        {"status": "WAITLISTED", "waitlistPosition": 1},
    ]

    assert await gql(UPDATE, {"input": {"id": training_id(training), "capacity": 10}}, token=editor) == {
        "data": {"updateTraining": {"training": {"capacity": 10, "seatsLeft": 6}, "errors": []}}
    }
    assert await gql(UPDATE, {"input": {"id": training_id(training), "capacity": 0}}, token=editor) == {
        "data": {
            "updateTraining": {
                "training": None,
                "errors": [
                    {
                        "field": ["capacity"],
                        "message": "Kies een getal van 1 tot en met 10000.",
                        "code": "BAD_USER_INPUT",
                    }
                ],
            }
        }
    }


# --- no N+1 ------------------------------------------------------------------------

PAGE_WITH_EVERYTHING = """
query Page($first: Int!) {
  trainings(first: $first) {
    edges {
      node {
        id seatsLeft
        sessions { startsAt }
        topic { slug }
        viewerRegistration { status waitlistPosition }
      }
    }
  }
}
"""


async def test_a_page_of_50_takes_as_many_statements_as_a_page_of_5(
    db: Database, gql: GraphQLClient, server: RunningServer
) -> None:
    topics = [await make_topic(db, f"onderwerp-{n}", f"Onderwerp {n}", n) for n in range(3)]
    viewer, token = await signed_in(db)
    other, _ = await signed_in(db, "ander@example.org", "Ander")
    for n in range(50):
        training = await make_training(
            db,
            f"Training {n}",
            starts_in=timedelta(days=2 + n),
            capacity=1 if n % 5 == 1 else 10,
            topic=topics[n % 3],
        )
        if n % 5 == 1:  # full: the viewer waits
            await register_directly(db, training, other)
            await register_directly(db, training, viewer)
        elif n % 5 == 0:
            await register_directly(db, training, viewer)
    await gql(PAGE_WITH_EVERYTHING, {"first": 1}, token=token)  # the token's first use is recorded once

    with count_statements(server.db) as small:
        five = await gql(PAGE_WITH_EVERYTHING, {"first": 5}, token=token)
    with count_statements(server.db) as large:
        fifty = await gql(PAGE_WITH_EVERYTHING, {"first": 50}, token=token)

    assert [edge["node"]["viewerRegistration"] for edge in five["data"]["trainings"]["edges"]] == [
        {"status": "CONFIRMED", "waitlistPosition": None},
        {"status": "WAITLISTED", "waitlistPosition": 1},
        None,
        None,
        None,
    ]
    assert [edge["node"]["seatsLeft"] for edge in five["data"]["trainings"]["edges"]] == [9, 0, 10, 10, 10]
    assert [edge["node"]["topic"] for edge in five["data"]["trainings"]["edges"]] == [
        {"slug": f"onderwerp-{n % 3}"} for n in range(5)
    ]
    assert len(fifty["data"]["trainings"]["edges"]) == 50
    assert small.count == large.count


async def test_a_draft_cannot_be_archived_into_public_view(db: Database, gql: GraphQLClient) -> None:
    draft = await make_training(db, published=False)
    _, editor = await signed_in(db, "redactie@example.org", "Redactie", (StaffRole.EDITOR,))
    archive = """
    mutation Archive($id: ID!) { archiveTraining(input: {id: $id}) { training { status } errors { field message code } } }
    """

    assert await gql(archive, {"id": training_id(draft)}, token=editor) == {
        "data": {
            "archiveTraining": {
                "training": None,
                "errors": [
                    {
                        "field": None,
                        "message": "Een concept kun je niet archiveren: het is nooit gepubliceerd.",
                        "code": "CONFLICT",
                    }
                ],
            }
        }
    }
    assert await gql("query ($slug: String!) { training(slug: $slug) { status } }", {"slug": draft.slug}) == {
        "data": {"training": None}
    }
