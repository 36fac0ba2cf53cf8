#!/usr/bin/python3
"""End-to-end check of an AI bot with a real Matrix client library (matrix-nio).

Usage: nio_bot.py <homeserver-url> <registration-shared-secret> <bot-user-id>
                  <question> <answer> <thread-question> <thread-answer>
The homeserver runs a bot whose model (a fake OpenAI-compatible server, started by the caller) streams <answer> to
<question> and <thread-answer> to <thread-question>. Registers a user through the shared-secret admin API, then with
matrix-nio: creates an unencrypted room (the bot has no E2EE), invites the bot and sees it join through /sync; asks
<question> and sees the bot's answer arrive as a reply (m.in_reply_to = the question) followed by m.replace edits
whose last m.new_content.body is <answer> exactly; then asks <thread-question> in a thread rooted at that answer and
sees the reply in the same thread (rel_type m.thread, event_id = the root), its last edit being <thread-answer>.
Prints "all checks passed" and exits 0, or prints what failed and exits 1. Every wait has a deadline.
"""
import asyncio
import secrets
import sys
import time

from nio import (AsyncClient, Event, LoginResponse, RoomCreateResponse, RoomInviteResponse, RoomSendResponse,
                 SyncResponse)

from e2e_common import check, fail, register

WAIT_SECONDS = 30
REQUEST_SECONDS = 15


class Timeline:
    """A logged-in nio client plus every timeline event it has synced, in order (raw event dicts)."""

    def __init__(self, client, room_id):
        self.client = client
        self.room_id = room_id
        self.events = []
        self.seen = set()
        client.add_event_callback(self._on_event, Event)

    async def _on_event(self, room, event):
        if room.room_id == self.room_id and event.event_id not in self.seen:
            self.seen.add(event.event_id)
            self.events.append(event.source)

    async def sync_until(self, predicate, what):
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            response = await asyncio.wait_for(self.client.sync(timeout=500), REQUEST_SECONDS)
            if not isinstance(response, SyncResponse):
                fail(f"/sync failed while waiting for {what}: {response}")
            result = predicate()
            if result:
                return result
            if time.monotonic() > deadline:
                fail(f"timed out after {WAIT_SECONDS} s waiting for {what}; the room's timeline:\n{self.describe()}")

    def describe(self):
        lines = []
        for e in self.events:
            content = e.get("content", {})
            body = content.get("m.new_content", {}).get("body", content.get("body", content.get("membership", "")))
            lines.append(f"  {e.get('event_id')} {e.get('type')} from {e.get('sender')}: {body!r} "
                         f"relates_to={content.get('m.relates_to')}")
        return "\n".join(lines) or "  (nothing)"

    def membership(self, user_id):
        members = [e for e in self.events if e.get("type") == "m.room.member" and e.get("state_key") == user_id]
        return members[-1]["content"].get("membership") if members else None

    def answers_to(self, sender, question_id):
        """The sender's messages replying to question_id that are not edits."""
        return [e for e in self.events
                if e.get("sender") == sender and e.get("type") == "m.room.message"
                and relates(e).get("rel_type") != "m.replace"
                and relates(e).get("m.in_reply_to", {}).get("event_id") == question_id]

    def edits_of(self, sender, event_id):
        return [e for e in self.events
                if e.get("sender") == sender and relates(e).get("rel_type") == "m.replace"
                and relates(e).get("event_id") == event_id]

    def shown_text(self, answer):
        """What a client shows for answer: the body of its latest edit's m.new_content, else its own body."""
        edits = self.edits_of(answer["sender"], answer["event_id"])
        return edits[-1]["content"].get("m.new_content", {}).get("body") if edits else answer["content"].get("body")


def relates(event):
    relation = event.get("content", {}).get("m.relates_to")
    return relation if isinstance(relation, dict) else {}


async def send(client, room_id, content, what):
    response = await asyncio.wait_for(client.room_send(room_id, "m.room.message", content), REQUEST_SECONDS)
    check(isinstance(response, RoomSendResponse), what)
    return response.event_id


def check_streamed_answer(timeline, bot_id, question_id, expected, what):
    """The single answer to question_id and its edits: a prefix of expected first, the last edit carrying all of it."""
    answers = timeline.answers_to(bot_id, question_id)
    check(len(answers) == 1, f"{what}: exactly one message from {bot_id} replies to the question (got {len(answers)})")
    answer = answers[0]
    check(answer["content"].get("msgtype") == "m.text", f"{what}: the answer is an m.text message")
    first = answer["content"].get("body", "")
    check(len(first) > 0 and expected.startswith(first),
          f"{what}: the answer's first text is a prefix of the completion ({len(first)} of {len(expected)} chars)")
    edits = timeline.edits_of(bot_id, answer["event_id"])
    check(len(edits) >= 1, f"{what}: the answer was streamed by {len(edits)} m.replace edit(s)")
    bodies = [e["content"].get("m.new_content", {}).get("body", "") for e in edits]
    check(all(expected.startswith(b) for b in bodies) and all(len(a) <= len(b) for a, b in zip(bodies, bodies[1:])),
          f"{what}: every edit carries a longer prefix of the completion")
    final = edits[-1]["content"]
    check(final.get("m.new_content", {}).get("body") == expected,
          f"{what}: the final edit's m.new_content.body equals the full scripted completion exactly")
    check(final.get("body") == "* " + expected, f"{what}: the final edit's fallback body is '* ' + the completion")
    return answer


async def main(homeserver, secret, bot_id, question, answer, thread_question, thread_answer):
    suffix = secrets.token_hex(4)
    password = "correct horse " + suffix
    user_id = register(homeserver, secret, "carol" + suffix, password)
    client = AsyncClient(homeserver, user_id)
    try:
        response = await asyncio.wait_for(client.login(password, device_name="e2e-bot-user"), REQUEST_SECONDS)
        check(isinstance(response, LoginResponse), "the user logs in")
        created = await asyncio.wait_for(client.room_create(name="bot e2e " + suffix), REQUEST_SECONDS)
        check(isinstance(created, RoomCreateResponse), "the user creates an unencrypted room")
        room_id = created.room_id
        timeline = Timeline(client, room_id)
        await timeline.sync_until(lambda: timeline.membership(user_id) == "join", "the user's own join in /sync")
        check(not client.rooms[room_id].encrypted, "the room is not encrypted")

        invited = await asyncio.wait_for(client.room_invite(room_id, bot_id), REQUEST_SECONDS)
        check(isinstance(invited, RoomInviteResponse), f"the user invites {bot_id}")
        await timeline.sync_until(lambda: timeline.membership(bot_id) == "join", f"{bot_id} to join the room")
        check(bot_id in client.rooms[room_id].users, f"{bot_id} joined: /sync shows its m.room.member join")

        question_id = await send(client, room_id, {"msgtype": "m.text", "body": question}, "the user asks the bot a question")
        await timeline.sync_until(
            lambda: any(timeline.shown_text(a) == answer for a in timeline.answers_to(bot_id, question_id)),
            "the bot's answer to the question to show the full completion")
        first = check_streamed_answer(timeline, bot_id, question_id, answer, "main timeline")
        check("rel_type" not in relates(first), "main timeline: the answer is a plain reply, not in a thread")

        root_id = first["event_id"]
        thread_question_id = await send(client, room_id, {
            "msgtype": "m.text", "body": thread_question,
            "m.relates_to": {"rel_type": "m.thread", "event_id": root_id, "is_falling_back": True,
                             "m.in_reply_to": {"event_id": root_id}}}, "the user asks a follow-up in a thread on the answer")
        await timeline.sync_until(
            lambda: any(timeline.shown_text(a) == thread_answer for a in timeline.answers_to(bot_id, thread_question_id)),
            "the bot's answer in the thread to show the full completion")
        threaded = check_streamed_answer(timeline, bot_id, thread_question_id, thread_answer, "thread")
        check(relates(threaded).get("rel_type") == "m.thread" and relates(threaded).get("event_id") == root_id,
              "thread: the answer is in the same thread (rel_type m.thread, event_id = the thread root)")
        check(len(timeline.answers_to(bot_id, question_id)) == 1, "thread: the first question was answered only once")
    finally:
        await client.close()
    print("all checks passed")


if __name__ == "__main__":
    if len(sys.argv) != 8:
        fail("usage: nio_bot.py <homeserver-url> <shared-secret> <bot-user-id> <question> <answer> "
             "<thread-question> <thread-answer>")
    asyncio.run(main(*sys.argv[1:]))
