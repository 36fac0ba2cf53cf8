#!/usr/bin/python3
"""End-to-end check of the rooms core with a real Matrix client library (matrix-nio).

Usage: nio_rooms.py <homeserver-url> <registration-shared-secret>
Registers two users through the Synapse-compatible shared-secret admin API, then with matrix-nio:
logs in, creates a room, invites, joins, sends 100 messages and paginates back through all of them
(no gaps, no duplicates), edits one, reacts to one, redacts one. Prints "all checks passed" and exits 0,
or prints what failed and exits 1.
"""
import asyncio
import secrets
import sys

from nio import (AsyncClient, JoinResponse, LoginResponse, MessageDirection, RoomCreateResponse,
                 RoomGetEventResponse, RoomInviteResponse, RoomMessagesResponse, RoomRedactResponse,
                 RoomSendResponse)

from e2e_common import check, fail, register


async def text_events(client, room_id):
    """Pages back from the newest event to the room's start; returns message bodies oldest first."""
    token, bodies, seen, pages = "", [], set(), 0
    while True:
        page = await client.room_messages(room_id, start=token, direction=MessageDirection.back, limit=17)
        if not isinstance(page, RoomMessagesResponse):
            fail(f"/messages failed: {page}")
        pages += 1
        for event in page.chunk:
            if event.event_id in seen:
                fail(f"event {event.event_id} returned twice while paginating")
            seen.add(event.event_id)
            body = getattr(event, "body", None)
            if body is not None and body.startswith("message "):
                bodies.append(body)
        if not page.end or not page.chunk or pages > 50:
            break
        token = page.end
    bodies.reverse()
    return bodies


async def main(homeserver, secret):
    suffix = secrets.token_hex(4)
    password = "correct horse " + suffix
    alice_id = register(homeserver, secret, "alice" + suffix, password)
    bob_id = register(homeserver, secret, "bob" + suffix, password)
    alice, bob = AsyncClient(homeserver, alice_id), AsyncClient(homeserver, bob_id)
    try:
        check(isinstance(await alice.login(password, device_name="e2e-alice"), LoginResponse), "alice logs in")
        check(isinstance(await bob.login(password, device_name="e2e-bob"), LoginResponse), "bob logs in")

        created = await alice.room_create(name="nio e2e " + suffix, topic="end to end")
        check(isinstance(created, RoomCreateResponse), "alice creates a room")
        room_id = created.room_id
        check(isinstance(await alice.room_invite(room_id, bob_id), RoomInviteResponse), "alice invites bob")
        check(isinstance(await bob.join(room_id), JoinResponse), "bob joins")

        sent = []
        for i in range(100):
            sender = alice if i % 2 == 0 else bob
            response = await sender.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": f"message {i}"})
            if not isinstance(response, RoomSendResponse):
                fail(f"send {i} failed: {response}")
            sent.append(response.event_id)
        check(len(set(sent)) == 100, "100 messages sent with distinct event ids")

        bodies = await text_events(bob, room_id)
        check(bodies == [f"message {i}" for i in range(100)], "paginating back returns all 100 messages in order, no gaps or duplicates")

        edit = await alice.room_send(room_id, "m.room.message", {
            "msgtype": "m.text", "body": "* message 0 (edited)",
            "m.new_content": {"msgtype": "m.text", "body": "message 0 (edited)"},
            "m.relates_to": {"rel_type": "m.replace", "event_id": sent[0]}})
        check(isinstance(edit, RoomSendResponse), "alice edits her first message")
        reaction = await bob.room_send(room_id, "m.reaction", {
            "m.relates_to": {"rel_type": "m.annotation", "event_id": sent[0], "key": "👍"}})
        check(isinstance(reaction, RoomSendResponse), "bob reacts to it")
        fetched = await bob.room_get_event(room_id, edit.event_id)
        check(isinstance(fetched, RoomGetEventResponse)
              and fetched.event.source["content"]["m.relates_to"]["event_id"] == sent[0], "the edit is stored with its relation")

        redacted = await alice.room_redact(room_id, sent[2], reason="oops")
        check(isinstance(redacted, RoomRedactResponse), "alice redacts a message")
        fetched = await bob.room_get_event(room_id, sent[2])
        check(isinstance(fetched, RoomGetEventResponse) and "body" not in fetched.event.source.get("content", {}),
              "the redacted message has no content any more")
        forbidden = await bob.room_redact(room_id, sent[4], reason="not mine")
        check(not isinstance(forbidden, RoomRedactResponse), "bob may not redact alice's message")
    finally:
        await alice.close()
        await bob.close()
    print("all checks passed")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        fail("usage: nio_rooms.py <homeserver-url> <shared-secret>")
    asyncio.run(main(sys.argv[1], sys.argv[2]))
