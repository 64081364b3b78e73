"""Loaders of the forum: categories, threads, replies, reactions, follows, moderation."""

from __future__ import annotations

from typing import Any, ClassVar

from graph.loaders.base import KeyLoader, OwnKeyLoader, VisibleKeyLoader, VisiblePageLoader
from kennispunt.accounts.viewer import Viewer
from kennispunt.forum import moderation
from kennispunt.forum import service as forum
from kennispunt.forum.models import ForumCategory, ModerationAction, Reply, Report, Thread


class CategoryByIdLoader(VisibleKeyLoader[int, ForumCategory | None]):
    fetch = forum.categories_by_ids


class ThreadByIdLoader(VisibleKeyLoader[int, Thread | None]):
    fetch = forum.threads_by_ids


class ReplyByIdLoader(VisibleKeyLoader[int, Reply | None]):
    fetch = forum.replies_by_ids


class ThreadsByCategoryLoader(VisiblePageLoader[Thread]):
    fetch = forum.threads_of_categories


class RepliesByThreadLoader(VisiblePageLoader[Reply]):
    fetch = forum.replies_of_threads


class AcceptedReplyByThreadIdLoader(KeyLoader[int, Reply | None]):
    fetch = forum.accepted_replies


class ReactionsByReplyIdLoader(KeyLoader[int, list[forum.ReactionCount]]):
    """Counts per emoji, with whether the viewer (if signed in) is among them."""

    fetch = forum.reactions_of_replies
    default: ClassVar[list[forum.ReactionCount]] = []

    @staticmethod
    def bound_to(viewer: Viewer) -> tuple[Any, ...]:
        return (viewer.user_id,)


class ReactionCountsByReplyIdLoader(KeyLoader[int, list[forum.ReactionCount]]):
    """Counts per emoji, the same for every viewer (a live result shared between viewers)."""

    fetch = forum.reactions_of_replies
    default: ClassVar[list[forum.ReactionCount]] = []

    @staticmethod
    def bound_to(viewer: Viewer) -> tuple[Any, ...]:
        return (None,)


class ViewerFollowsByThreadIdLoader(OwnKeyLoader[int, bool]):
    fetch = forum.followed
    default = False


class UnreadCountByThreadIdLoader(OwnKeyLoader[int, int]):
    fetch = forum.unread_counts
    default = 0


class ReportByIdLoader(VisibleKeyLoader[int, Report | None]):
    fetch = moderation.reports_by_ids


class ModerationActionByIdLoader(VisibleKeyLoader[int, ModerationAction | None]):
    fetch = moderation.moderation_actions_by_ids
