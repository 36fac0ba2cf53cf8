#!/usr/bin/python3
"""End-to-end check of an AI bot in an ENCRYPTED room with a real Matrix client library (matrix-nio + libolm).

Usage: nio_bot_e2ee.py <homeserver-url> <registration-shared-secret> <bot-user-id> <question> <answer>
                       <follow-up> <follow-up-answer>
The homeserver runs a bot whose model (a fake OpenAI-compatible server, started by the caller) streams <answer> to
<question> and <follow-up-answer> to <follow-up>. Registers a user through the shared-secret admin API, then with matrix-nio (encryption on, store in a temp
dir): creates a room with m.room.encryption (m.megolm.v1.aes-sha2), invites the bot and sees it join; sends <question>
encrypted (nio queries the bot's device keys, claims its one-time key and sends it the room key over Olm); then sees
the bot's answer arrive as m.room.encrypted events that decrypt (with the room key the bot sent over Olm) to an m.text
reply to the question plus m.replace edits, the last edit's m.new_content.body being <answer> exactly. Then asks
<follow-up> (encrypted with the same room key) and gets <follow-up-answer> the same way (the caller checks that the
model's context for it held the decrypted history: the question and the answer as last edited).
Prints "all checks passed" and exits 0, or prints what failed and exits 1. Every wait has a deadline.
"""
import asyncio
import secrets
import shutil
import sys
import tempfile
import time

from nio import (AsyncClient, AsyncClientConfig, EncryptionError, KeysQueryResponse, KeysUploadResponse,
                 LoginResponse, MegolmEvent, RoomCreateResponse, RoomMemberEvent, RoomMessageText, RoomSendResponse,
                 SyncResponse)

from e2e_common import check, fail, register

MEGOLM = "m.megolm.v1.aes-sha2"
WAIT_SECONDS = 40
REQUEST_SECONDS = 15


class User:
    """A logged-in nio client with encryption, plus the room's events in arrival order (decrypted when possible)."""

    def __init__(self, homeserver, user_id, store):
        self.client = AsyncClient(homeserver, user_id, store_path=store,
                                  config=AsyncClientConfig(encryption_enabled=True, store_sync_tokens=True))
        self.order = []
        self.events = {}
        self.encrypted_ids = set()
        self.members = {}
        self.client.add_event_callback(self._on_event, (RoomMessageText, MegolmEvent, RoomMemberEvent))

    async def _on_event(self, room, event):
        if isinstance(event, RoomMemberEvent):
            self.members[event.state_key] = event.membership
            return
        if event.event_id not in self.events:
            self.order.append(event.event_id)
        if isinstance(event, MegolmEvent) or getattr(event, "decrypted", False):
            self.encrypted_ids.add(event.event_id)
        self.events[event.event_id] = event

    async def maintain(self):
        """What nio's sync_forever does between syncs: upload keys when needed, query changed users' devices."""
        if self.client.should_upload_keys:
            response = await asyncio.wait_for(self.client.keys_upload(), REQUEST_SECONDS)
            if not isinstance(response, KeysUploadResponse):
                fail(f"POST /keys/upload failed: {response}")
        if self.client.should_query_keys:
            response = await asyncio.wait_for(self.client.keys_query(), REQUEST_SECONDS)
            if not isinstance(response, KeysQueryResponse):
                fail(f"POST /keys/query failed: {response}")

    def retry_decryption(self):
        """A Megolm event whose room key arrived in a later sync is decrypted again."""
        for event_id, event in list(self.events.items()):
            if isinstance(event, MegolmEvent):
                try:
                    self.events[event_id] = self.client.decrypt_event(event)
                except EncryptionError:
                    pass

    async def sync_until(self, predicate, what):
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            response = await asyncio.wait_for(self.client.sync(timeout=500), REQUEST_SECONDS)
            if not isinstance(response, SyncResponse):
                fail(f"/sync failed while waiting for {what}: {response}")
            await self.maintain()
            self.retry_decryption()
            if predicate():
                return
            if time.monotonic() > deadline:
                fail(f"timed out after {WAIT_SECONDS} s waiting for {what}; the room's events:\n{self.describe()}")

    def texts(self, sender):
        return [self.events[i] for i in self.order
                if isinstance(self.events[i], RoomMessageText) and self.events[i].sender == sender]

    def describe(self):
        lines = []
        for event_id in self.order:
            e = self.events[event_id]
            kind = "undecrypted" if isinstance(e, MegolmEvent) else type(e).__name__
            body = getattr(e, "body", "")
            lines.append(f"  {event_id} {kind} from {e.sender}: {body[:60]!r}")
        return "\n".join(lines) or "  (nothing)"


def relates(event):
    relation = event.source.get("content", {}).get("m.relates_to")
    return relation if isinstance(relation, dict) else {}


def answers_to(user, bot_id, question_id):
    return [e for e in user.texts(bot_id)
            if relates(e).get("rel_type") != "m.replace" and relates(e).get("m.in_reply_to", {}).get("event_id") == question_id]


def edits_of(user, bot_id, answer_id):
    return [e for e in user.texts(bot_id)
            if relates(e).get("rel_type") == "m.replace" and relates(e).get("event_id") == answer_id]


def shown_text(user, bot_id, answer):
    edits = edits_of(user, bot_id, answer.event_id)
    return edits[-1].source["content"].get("m.new_content", {}).get("body") if edits else answer.body


async def ask(user, room_id, bot_id, question, answer, what):
    sent = await asyncio.wait_for(user.client.room_send(
        room_id, "m.room.message", {"msgtype": "m.text", "body": question}, ignore_unverified_devices=True),
        REQUEST_SECONDS)
    check(isinstance(sent, RoomSendResponse), f"{what}: the user sends an encrypted question")
    question_id = sent.event_id
    await user.sync_until(
        lambda: any(shown_text(user, bot_id, a) == answer for a in answers_to(user, bot_id, question_id)),
        f"{what}: the bot's encrypted answer to decrypt and show the full completion")
    answers = answers_to(user, bot_id, question_id)
    check(len(answers) == 1, f"{what}: exactly one decrypted message from {bot_id} replies to the question (got {len(answers)})")
    first = answers[0]
    check(first.event_id in user.encrypted_ids, f"{what}: the bot's answer arrived as an m.room.encrypted event")
    check(first.source["content"].get("msgtype") == "m.text", f"{what}: the decrypted answer is an m.text message")
    check(answer.startswith(first.body), f"{what}: the answer's first text is a prefix of the completion")
    edits = edits_of(user, bot_id, first.event_id)
    check(len(edits) >= 1 and all(e.event_id in user.encrypted_ids for e in edits),
          f"{what}: the answer was streamed by {len(edits)} encrypted m.replace edit(s)")
    final = edits[-1].source["content"]
    check(final.get("m.new_content", {}).get("body") == answer,
          f"{what}: the final edit's m.new_content.body equals the full scripted completion exactly")


async def main(homeserver, secret, bot_id, question, answer, follow_up, follow_up_answer):
    suffix = secrets.token_hex(4)
    password = "correct horse " + suffix
    user_id = register(homeserver, secret, "dana" + suffix, password)
    store = tempfile.mkdtemp(prefix="nio-bot-e2ee-")
    user = User(homeserver, user_id, store)
    try:
        response = await asyncio.wait_for(user.client.login(password, device_name="e2e-bot-e2ee"), REQUEST_SECONDS)
        check(isinstance(response, LoginResponse), "the user logs in")
        check(user.client.olm is not None, "the user has an Olm account (encryption enabled)")
        await user.maintain()

        created = await asyncio.wait_for(user.client.room_create(
            name="bot e2ee " + suffix, invite=[bot_id],
            initial_state=[{"type": "m.room.encryption", "state_key": "", "content": {"algorithm": MEGOLM}}]),
            REQUEST_SECONDS)
        check(isinstance(created, RoomCreateResponse), f"the user creates an encrypted room and invites {bot_id}")
        room_id = created.room_id
        await user.sync_until(lambda: user.members.get(bot_id) == "join", f"{bot_id} to join the encrypted room")
        check(user.client.rooms[room_id].encrypted, "the room is encrypted")

        await ask(user, room_id, bot_id, question, answer, "first question")
        await ask(user, room_id, bot_id, follow_up, follow_up_answer, "follow-up")
        undecrypted = [i for i in user.order if isinstance(user.events[i], MegolmEvent)]
        check(not undecrypted, f"every encrypted event of the room decrypted ({len(undecrypted)} did not)")
    finally:
        await user.client.close()
        shutil.rmtree(store, ignore_errors=True)
    print("all checks passed")


if __name__ == "__main__":
    if len(sys.argv) != 8:
        fail("usage: nio_bot_e2ee.py <homeserver-url> <shared-secret> <bot-user-id> <question> <answer> "
             "<follow-up> <follow-up-answer>")
    asyncio.run(main(*sys.argv[1:]))
