"""The forum's commands and queries, the ones the API, the CLI, the demo loader and the
tests call (see "Domain packages" in DEVELOPERS.md); they are written in:

- `kennispunt.forum.reading`: categories, threads and replies as a viewer sees them, search;
- `kennispunt.forum.categories`: admins keep the categories;
- `kennispunt.forum.posting`: threads, replies, edits, reactions, follows, read marks, answers;
- `kennispunt.forum.moderation`: reports, hiding, locking, pinning, moving, the audit trail;
- `kennispunt.forum.checks`: the checks posting and moderation share;
- `kennispunt.forum.events`: the outbox events they record (`ThreadEventKind`,
  `CategoryEventKind`) and the moderators' audit trail;
- `kennispunt.forum.policy`: who sees what.
"""

from __future__ import annotations

from kennispunt.forum.categories import (
    create_category,
    update_category,
)
from kennispunt.forum.checks import require_forum_reader
from kennispunt.forum.events import (
    CATEGORY_SUBJECT,
    THREAD_SUBJECT,
    CategoryEventKind,
    ThreadEventKind,
)
from kennispunt.forum.moderation import (
    hide_reply,
    hide_thread,
    lock_thread,
    moderation_actions_by_ids,
    moderation_log_page,
    move_thread,
    open_reports_page,
    pin_thread,
    report_post,
    reports_by_ids,
    resolve_report,
    unhide_reply,
    unhide_thread,
    unlock_thread,
    unpin_thread,
)
from kennispunt.forum.posting import (
    accept_answer,
    edit_reply,
    edit_thread,
    follow_thread,
    mark_thread_read,
    post_reply,
    react_to_reply,
    start_thread,
    unfollow_thread,
)
from kennispunt.forum.reading import (
    MANY_USERS,
    ReactionCount,
    accepted_replies,
    categories_by_ids,
    category_by_slug,
    followed,
    followers_among,
    list_categories,
    reactions_given,
    reactions_of_replies,
    replies_by_ids,
    replies_of_threads,
    search_threads,
    threads_by_ids,
    threads_of_categories,
    unread_counts,
    unread_counts_of_users,
)

__all__ = [
    "CATEGORY_SUBJECT",
    "CategoryEventKind",
    "MANY_USERS",
    "ReactionCount",
    "THREAD_SUBJECT",
    "ThreadEventKind",
    "accept_answer",
    "accepted_replies",
    "categories_by_ids",
    "category_by_slug",
    "create_category",
    "edit_reply",
    "edit_thread",
    "follow_thread",
    "followed",
    "followers_among",
    "hide_reply",
    "hide_thread",
    "list_categories",
    "lock_thread",
    "mark_thread_read",
    "moderation_actions_by_ids",
    "moderation_log_page",
    "move_thread",
    "open_reports_page",
    "pin_thread",
    "post_reply",
    "react_to_reply",
    "reactions_given",
    "reactions_of_replies",
    "replies_by_ids",
    "require_forum_reader",
    "replies_of_threads",
    "report_post",
    "reports_by_ids",
    "resolve_report",
    "search_threads",
    "start_thread",
    "threads_by_ids",
    "threads_of_categories",
    "unfollow_thread",
    "unhide_reply",
    "unhide_thread",
    "unlock_thread",
    "unpin_thread",
    "unread_counts",
    "unread_counts_of_users",
    "update_category",
]
