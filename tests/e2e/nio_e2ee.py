#!/usr/bin/python3
"""End-to-end check of end-to-end encryption with real crypto (matrix-nio + libolm).

Usage: nio_e2ee.py <homeserver-url> <registration-shared-secret>
Registers alice and bob through the shared-secret admin API, then with matrix-nio (encryption on, stores in a temp
dir): both upload device keys, alice creates an encrypted room (m.megolm.v1.aes-sha2) and invites bob, bob joins,
they exchange messages and each decrypts the other's (keys/query, keys/claim, Olm to-device room keys, Megolm).
Bob logs in a second device; alice's next message is decrypted there (device_lists.changed → keys/query → claim →
to-device). Then server-side key backup with real crypto (m.megolm_backup.v1.curve25519-aes-sha2): bob's first
device encrypts the Megolm session of alice's first message with olm.pk.PkEncryption to a backup version whose
public key comes from olm.pk.PkDecryption and PUTs it; bob's second device, which never received that session,
GETs it back, decrypts it with PkDecryption, imports it and decrypts the earlier message.
Prints "all checks passed" and exits 0, or prints what failed and exits 1. Every wait has a deadline.
"""
import asyncio
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import olm
from nio import (AsyncClient, AsyncClientConfig, EncryptionError, JoinResponse, KeysQueryResponse,
                 KeysUploadResponse, LoginResponse, MegolmEvent, RoomCreateResponse, RoomGetEventResponse,
                 RoomMessageText, RoomSendResponse, SyncResponse)
from nio.crypto import InboundGroupSession

from e2e_common import check, fail, register

MEGOLM = "m.megolm.v1.aes-sha2"
BACKUP_ALGORITHM = "m.megolm_backup.v1.curve25519-aes-sha2"
WAIT_SECONDS = 30
REQUEST_SECONDS = 15


class Device:
    """A logged-in nio client plus the room events it has seen (event id → event, decrypted when possible)."""

    def __init__(self, homeserver, user_id, store_root, name):
        path = os.path.join(store_root, name)
        os.makedirs(path)
        config = AsyncClientConfig(encryption_enabled=True, store_sync_tokens=True)
        self.name = name
        self.client = AsyncClient(homeserver, user_id, store_path=path, config=config)
        self.events = {}
        self.client.add_event_callback(self._on_event, (RoomMessageText, MegolmEvent))

    async def _on_event(self, room, event):
        self.events[event.event_id] = event

    async def login(self, password):
        response = await asyncio.wait_for(self.client.login(password, device_name=self.name), REQUEST_SECONDS)
        check(isinstance(response, LoginResponse), f"{self.name} logs in")
        check(self.client.olm is not None, f"{self.name} has an Olm account (encryption enabled)")
        await self.maintain()

    async def maintain(self):
        """What nio's sync_forever does between syncs: upload keys when needed, query changed users' devices."""
        if self.client.should_upload_keys:
            response = await asyncio.wait_for(self.client.keys_upload(), REQUEST_SECONDS)
            if not isinstance(response, KeysUploadResponse):
                fail(f"{self.name}: POST /keys/upload failed: {response}")
        if self.client.should_query_keys:
            response = await asyncio.wait_for(self.client.keys_query(), REQUEST_SECONDS)
            if not isinstance(response, KeysQueryResponse):
                fail(f"{self.name}: POST /keys/query failed: {response}")

    async def sync_until(self, predicate, what, seconds=WAIT_SECONDS):
        deadline = time.monotonic() + seconds
        while True:
            response = await asyncio.wait_for(self.client.sync(timeout=500), REQUEST_SECONDS)
            if not isinstance(response, SyncResponse):
                fail(f"{self.name}: /sync failed while waiting for {what}: {response}")
            await self.maintain()
            if predicate():
                return
            if time.monotonic() > deadline:
                fail(f"{self.name}: timed out after {seconds}s waiting for {what}")

    def decrypted(self, event_id, body):
        """Whether the event arrived and decrypts to a text message with this body. A Megolm event whose key came
        later (in a later sync) is decrypted again here."""
        event = self.events.get(event_id)
        if isinstance(event, MegolmEvent):
            try:
                event = self.client.decrypt_event(event)
                self.events[event_id] = event
            except EncryptionError:
                return False
        return isinstance(event, RoomMessageText) and event.body == body

    async def send_text(self, room_id, body):
        response = await asyncio.wait_for(
            self.client.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": body},
                                  ignore_unverified_devices=True), REQUEST_SECONDS)
        if not isinstance(response, RoomSendResponse):
            fail(f"{self.name}: sending '{body}' failed: {response}")
        return response.event_id

    def http(self, method, path, body=None, expect=200):
        """A raw client-server request (nio 0.20 has no key-backup API); returns the JSON body."""
        url = self.client.homeserver + "/_matrix/client/v3" + path
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": "Bearer " + self.client.access_token, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_SECONDS) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
        if status != expect:
            fail(f"{self.name}: {method} {path} returned {status}, expected {expect}: {text}")
        return json.loads(text)

    async def close(self):
        await self.client.close()


def q(value):
    return urllib.parse.quote(value, safe="")


async def main(homeserver, secret):
    suffix = secrets.token_hex(4)
    password = "correct horse " + suffix
    alice_id = register(homeserver, secret, "alice" + suffix, password)
    bob_id = register(homeserver, secret, "bob" + suffix, password)
    store_root = tempfile.mkdtemp(prefix="nio-e2ee-")
    alice = Device(homeserver, alice_id, store_root, "alice")
    bob = Device(homeserver, bob_id, store_root, "bob")
    bob2 = Device(homeserver, bob_id, store_root, "bob2")
    try:
        await alice.login(password)
        await bob.login(password)
        counts = bob.http("POST", "/keys/upload", {})["one_time_key_counts"]
        check(counts.get("signed_curve25519", 0) > 0, f"bob's one-time keys are counted by the server ({counts})")

        created = await asyncio.wait_for(alice.client.room_create(
            name="nio e2ee " + suffix, invite=[bob_id],
            initial_state=[{"type": "m.room.encryption", "state_key": "", "content": {"algorithm": MEGOLM}}]),
            REQUEST_SECONDS)
        check(isinstance(created, RoomCreateResponse), "alice creates an encrypted room and invites bob")
        room_id = created.room_id
        await bob.sync_until(lambda: room_id in bob.client.invited_rooms, "the invite")
        check(isinstance(await asyncio.wait_for(bob.client.join(room_id), REQUEST_SECONDS), JoinResponse), "bob joins")

        def both_joined(device):
            room = device.client.rooms.get(room_id)
            return room is not None and room.encrypted and {alice_id, bob_id} <= set(room.users)

        await alice.sync_until(lambda: both_joined(alice), "bob's join in an encrypted room")
        await bob.sync_until(lambda: both_joined(bob), "the encrypted room after joining")

        first_body = "hello bob " + suffix
        first = await alice.send_text(room_id, first_body)
        check(alice.client.olm.outbound_group_sessions[room_id].shared, "alice shared her Megolm session (keys/query, keys/claim, sendToDevice)")
        await bob.sync_until(lambda: bob.decrypted(first, first_body), "alice's first message to decrypt")
        check(True, "bob decrypts alice's message as RoomMessageText")
        first_event = bob.events[first]
        check(first_event.decrypted and first_event.session_id, "the decrypted event names its Megolm session")

        reply_body = "hi alice " + suffix
        reply = await bob.send_text(room_id, reply_body)
        await alice.sync_until(lambda: alice.decrypted(reply, reply_body), "bob's reply to decrypt")
        check(True, "alice decrypts bob's reply as RoomMessageText")

        await bob2.login(password)

        def knows_bob2():
            return bob2.client.device_id in alice.client.device_store[bob_id]

        await alice.sync_until(knows_bob2, "bob's new device (device_lists.changed, then keys/query)")
        check(True, "alice learns bob's second device")
        # nio 0.20 shares an outbound session once and never with devices that appear later (Element does); a new
        # session makes alice share again, now with bob2 too.
        alice.client.olm.rotate_outbound_group_session(room_id)
        later_body = "for both of bob's devices " + suffix
        later = await alice.send_text(room_id, later_body)
        await bob2.sync_until(lambda: bob2.decrypted(later, later_body), "alice's later message on bob's second device")
        check(True, "bob's second device decrypts a message sent after it logged in (room key by to-device)")
        await bob.sync_until(lambda: bob.decrypted(later, later_body), "alice's later message on bob's first device")
        check(True, "bob's first device decrypts it too")

        # Key backup: bob's first device backs up the session of alice's first message.
        backup_key = olm.pk.PkDecryption()
        bob.http("GET", "/room_keys/version", expect=404)
        version = bob.http("POST", "/room_keys/version", {
            "algorithm": BACKUP_ALGORITHM, "auth_data": {"public_key": backup_key.public_key}})["version"]
        check(isinstance(version, str) and version, f"bob creates backup version {version}")
        session = bob.client.olm.inbound_group_store.get(room_id, first_event.sender_key, first_event.session_id)
        check(session is not None, "bob's first device holds the inbound session of alice's first message")
        exported = session.export_session(session.first_known_index)
        plaintext = {
            "algorithm": MEGOLM,
            "sender_key": session.sender_key,
            "session_key": exported,
            "sender_claimed_keys": {"ed25519": session.ed25519},
            "forwarding_curve25519_key_chain": session.forwarding_chain,
        }
        message = olm.pk.PkEncryption(backup_key.public_key).encrypt(json.dumps(plaintext))
        session_data = {"ephemeral": message.ephemeral_key, "mac": message.mac, "ciphertext": message.ciphertext}
        key_path = f"/room_keys/keys/{q(room_id)}/{q(session.id)}?version={version}"
        stored = bob.http("PUT", key_path, {
            "first_message_index": session.first_known_index, "forwarded_count": 0, "is_verified": False,
            "session_data": session_data})
        check(stored.get("count") == 1 and isinstance(stored.get("etag"), str), f"the key is backed up ({stored})")
        info = bob.http("GET", "/room_keys/version")
        check(info["version"] == version and info["count"] == 1 and info["etag"] == stored["etag"]
              and info["auth_data"]["public_key"] == backup_key.public_key, "the backup version reports the key")

        # Bob's second device never got that session: it cannot decrypt alice's first message on its own.
        fetched = await asyncio.wait_for(bob2.client.room_get_event(room_id, first), REQUEST_SECONDS)
        check(isinstance(fetched, RoomGetEventResponse) and isinstance(fetched.event, MegolmEvent),
              "bob's second device fetches alice's first message, still encrypted")
        try:
            bob2.client.decrypt_event(fetched.event)
            fail("bob's second device decrypted the first message without the backed-up key")
        except EncryptionError:
            check(True, "bob's second device cannot decrypt it yet")

        # Restore on the second device: read the backup, decrypt with the backup's private key, import, decrypt.
        current = bob2.http("GET", "/room_keys/version")
        check(current["version"] == version and current["algorithm"] == BACKUP_ALGORITHM, "bob2 finds the current backup version")
        everything = bob2.http("GET", f"/room_keys/keys?version={version}")
        check(list(everything["rooms"].keys()) == [room_id] and list(everything["rooms"][room_id]["sessions"].keys()) == [session.id],
              "GET /room_keys/keys lists exactly the backed-up session")
        backed_up = bob2.http("GET", key_path)
        check(backed_up["session_data"] == session_data and backed_up["first_message_index"] == session.first_known_index,
              "the backed-up key comes back verbatim")
        restored = json.loads(backup_key.decrypt(olm.pk.PkMessage(
            backed_up["session_data"]["ephemeral"], backed_up["session_data"]["mac"], backed_up["session_data"]["ciphertext"])))
        check(restored["session_key"] == exported and restored["sender_key"] == session.sender_key,
              "PkDecryption recovers the exported Megolm session key")
        imported = InboundGroupSession.import_session(
            restored["session_key"], restored["sender_claimed_keys"]["ed25519"], restored["sender_key"], room_id,
            restored["forwarding_curve25519_key_chain"])
        check(imported.id == session.id, "the imported session has the backed-up session id")
        bob2.client.olm.inbound_group_store.add(imported)
        decrypted = bob2.client.decrypt_event(fetched.event)
        check(isinstance(decrypted, RoomMessageText) and decrypted.body == first_body,
              "bob's second device decrypts alice's first message with the restored key")

        # The server keeps the better key: a worse copy (higher index, forwarded) does not replace it.
        worse = bob.http("PUT", key_path, {
            "first_message_index": session.first_known_index + 5, "forwarded_count": 3, "is_verified": False,
            "session_data": {"ephemeral": "x", "mac": "x", "ciphertext": "x"}})
        check(worse == stored, "a worse copy of the key changes nothing (same etag and count)")
        old = bob.http("POST", "/room_keys/version", {"algorithm": BACKUP_ALGORITHM, "auth_data": {"public_key": backup_key.public_key}})
        wrong = bob.http("PUT", key_path, {
            "first_message_index": 0, "forwarded_count": 0, "is_verified": False, "session_data": session_data}, expect=403)
        check(wrong.get("errcode") == "M_WRONG_ROOM_KEYS_VERSION" and wrong.get("current_version") == old["version"],
              "writing to the replaced version is refused with the current version")
        bob.http("DELETE", f"/room_keys/version/{version}")
        bob.http("GET", f"/room_keys/version/{version}", expect=404)
        check(True, "the old backup version is deleted")
    finally:
        await alice.close()
        await bob.close()
        await bob2.close()
        shutil.rmtree(store_root, ignore_errors=True)
    print("all checks passed")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        fail("usage: nio_e2ee.py <homeserver-url> <shared-secret>")
    try:
        asyncio.run(main(sys.argv[1], sys.argv[2]))
    except asyncio.TimeoutError:
        fail("a request to the homeserver did not answer within its deadline")
