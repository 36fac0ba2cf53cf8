#!/usr/bin/python3
"""End-to-end check of /sync with a real Matrix client library (matrix-nio).

Usage: nio_sync.py <homeserver-url> <registration-shared-secret>
Registers two users through the Synapse-compatible shared-secret admin API, then with matrix-nio runs one
long-polling sync loop per user (timeout 30 s) and checks through nio's callbacks and room models only:
the invite reaches bob, bob joins, the two chat (every message arrives exactly once, in order, well before
the long-poll timeout), each sees the other typing and stop typing, and alice sees bob's read receipt.
Prints "all checks passed" and exits 0, or prints what failed and exits 1.
"""
import asyncio
import secrets
import sys
import time

from nio import (AsyncClient, JoinResponse, LoginResponse, ReceiptEvent, RoomCreateResponse,
                 RoomInviteResponse, RoomMessageText, RoomSendResponse, SyncResponse, TypingNoticeEvent)

from e2e_common import check, fail, register

LONG_POLL_MS = 30000
DEADLINE_S = 10


class Watcher:
    """What one client's sync loop has seen, fed by nio's callbacks."""

    def __init__(self, client):
        self.client = client
        self.messages = []          # (event_id, sender, body, arrival monotonic time)
        self.typing = []            # lists of user ids, in arrival order
        self.receipts = []          # (event_id, receipt_type, user_id)
        self.syncs = 0
        self.errors = []
        client.add_event_callback(self.on_message, RoomMessageText)
        client.add_ephemeral_callback(self.on_typing, TypingNoticeEvent)
        client.add_ephemeral_callback(self.on_receipt, ReceiptEvent)

    async def on_message(self, room, event):
        self.messages.append((event.event_id, event.sender, event.body, time.monotonic()))

    async def on_typing(self, room, event):
        self.typing.append(list(event.users))

    async def on_receipt(self, room, event):
        for receipt in event.receipts:
            self.receipts.append((receipt.event_id, receipt.receipt_type, receipt.user_id))

    async def loop(self):
        """nio's own sync loop shape: one long-poll after another, each from the previous next_batch."""
        while True:
            response = await self.client.sync(timeout=LONG_POLL_MS, full_state=self.syncs == 0)
            if not isinstance(response, SyncResponse):
                self.errors.append(str(response))
                await asyncio.sleep(0.5)
                continue
            self.syncs += 1

    def bodies_from(self, sender):
        return [body for _, who, body, _ in self.messages if who == sender]


async def wait_for(predicate, what, watchers):
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        for watcher in watchers:
            if watcher.errors:
                fail(f"sync failed while waiting for {what}: {watcher.errors[-1]}")
        if predicate():
            check(True, what)
            return
        await asyncio.sleep(0.02)
    fail(f"timed out after {DEADLINE_S} s waiting for: {what}")


async def main(homeserver, secret):
    suffix = secrets.token_hex(4)
    password = "correct horse " + suffix
    alice_id = register(homeserver, secret, "alice" + suffix, password)
    bob_id = register(homeserver, secret, "bob" + suffix, password)
    alice, bob = AsyncClient(homeserver, alice_id), AsyncClient(homeserver, bob_id)
    loops = []
    try:
        check(isinstance(await alice.login(password, device_name="e2e-sync-alice"), LoginResponse), "alice logs in")
        check(isinstance(await bob.login(password, device_name="e2e-sync-bob"), LoginResponse), "bob logs in")
        alice_watch, bob_watch = Watcher(alice), Watcher(bob)
        watchers = [alice_watch, bob_watch]
        loops = [asyncio.create_task(w.loop()) for w in watchers]
        await wait_for(lambda: alice_watch.syncs > 0 and bob_watch.syncs > 0, "both sync loops are running", watchers)

        created = await alice.room_create(name="nio sync " + suffix)
        check(isinstance(created, RoomCreateResponse), "alice creates a room")
        room_id = created.room_id
        check(isinstance(await alice.room_invite(room_id, bob_id), RoomInviteResponse), "alice invites bob")
        await wait_for(lambda: room_id in bob.invited_rooms, "bob's sync loop shows the invite", watchers)
        check(isinstance(await bob.join(room_id), JoinResponse), "bob joins")
        await wait_for(lambda: room_id in bob.rooms and bob_id in bob.rooms[room_id].users
                       and room_id in alice.rooms and bob_id in alice.rooms[room_id].users,
                       "both sync loops see bob joined", watchers)

        sent_at = time.monotonic()
        hello = await alice.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": "hello bob"})
        check(isinstance(hello, RoomSendResponse), "alice says hello")
        await wait_for(lambda: "hello bob" in bob_watch.bodies_from(alice_id), "bob's sync loop receives it", watchers)
        latency = next(at for _, _, body, at in bob_watch.messages if body == "hello bob") - sent_at
        check(latency < 2.0, f"delivered to the waiting long-poll in {latency * 1000:.0f} ms (timeout {LONG_POLL_MS} ms)")

        await bob.room_typing(room_id, typing_state=True, timeout=30000)
        await wait_for(lambda: any(bob_id in users for users in alice_watch.typing), "alice sees bob typing", watchers)
        await wait_for(lambda: bob_id in alice.rooms[room_id].typing_users, "alice's room model lists bob as typing", watchers)
        await bob.room_typing(room_id, typing_state=False)
        await wait_for(lambda: alice_watch.typing and bob_id not in alice_watch.typing[-1], "alice sees bob stop typing", watchers)

        await bob.update_receipt_marker(room_id, hello.event_id)
        await wait_for(lambda: (hello.event_id, "m.read", bob_id) in alice_watch.receipts, "alice sees bob's read receipt", watchers)

        await alice.room_typing(room_id, typing_state=True, timeout=30000)
        await wait_for(lambda: any(alice_id in users for users in bob_watch.typing), "bob sees alice typing", watchers)

        expected_alice, expected_bob = [], []
        for i in range(20):
            sender, sent = (alice, expected_alice) if i % 2 == 0 else (bob, expected_bob)
            body = f"chat {i}"
            response = await sender.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": body})
            if not isinstance(response, RoomSendResponse):
                fail(f"send {i} failed: {response}")
            sent.append(body)
        await wait_for(lambda: [b for b in bob_watch.bodies_from(alice_id) if b.startswith("chat")] == expected_alice
                       and [b for b in alice_watch.bodies_from(bob_id) if b.startswith("chat")] == expected_bob,
                       "each side receives the other's 10 messages in order", watchers)
        await wait_for(lambda: [b for b in alice_watch.bodies_from(alice_id) if b.startswith("chat")] == expected_alice,
                       "alice's own messages come back through her sync in order", watchers)
        for watcher, name in ((alice_watch, "alice"), (bob_watch, "bob")):
            ids = [event_id for event_id, _, _, _ in watcher.messages]
            check(len(ids) == len(set(ids)), f"{name}'s sync loop delivered no message twice")
    finally:
        for task in loops:
            task.cancel()
        await asyncio.gather(*loops, return_exceptions=True)
        await alice.close()
        await bob.close()
    print("all checks passed")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        fail("usage: nio_sync.py <homeserver-url> <shared-secret>")
    asyncio.run(main(sys.argv[1], sys.argv[2]))
