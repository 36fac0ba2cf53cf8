using System.Text.Json;
using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Events;

namespace ClawChat.Matrix.Tests.Auth;

/// <summary>
/// Builds a room event by event. <see cref="Apply"/> asserts the auth rules accept each setup event;
/// <see cref="Force"/> skips the check to put the room in a given state quickly.
/// </summary>
internal sealed class TestRoom
{
    public const string Alice = "@alice:example.org";   // creator, 100
    public const string Bob = "@bob:example.org";       // moderator, 50
    public const string Erin = "@erin:example.org";     // second moderator, 50
    public const string Carol = "@carol:example.org";   // joined, 0
    public const string Dave = "@dave:example.org";     // not in the room unless a test says so
    public const string Mallory = "@mallory:other.example"; // a user of another server

    private long _ts = 1_700_000_000_000;
    private Pdu? _last;

    private TestRoom(RoomVersion version)
    {
        Version = version;
        RoomId = $"!{Guid.NewGuid():N}:example.org";
    }

    public RoomVersion Version { get; }

    public string RoomId { get; }

    public AuthStateSnapshot State { get; private set; } = AuthStateSnapshot.Empty;

    public Pdu CreateEvent { get; private set; } = null!;

    /// <summary>A fresh room: create, Alice joins, no PL or join rules yet.</summary>
    public static TestRoom New(RoomVersion? version = null)
    {
        var room = new TestRoom(version ?? RoomVersion.V11);
        var createContent = room.Version.UsesCreatorField ? $"{{'creator':'{Alice}','room_version':'{room.Version.Id}'}}" : $"{{'room_version':'{room.Version.Id}'}}";
        room.CreateEvent = room.Apply(room.Build(EventTypes.Create, string.Empty, createContent, Alice));
        room.Apply(room.Member(Alice, Alice, Membership.Join));
        return room;
    }

    /// <summary>
    /// Alice 100, Bob 50, Erin 50, Carol 0 (all joined) under <paramref name="joinRule"/>, default kick/ban/redact 50.
    /// </summary>
    public static TestRoom WithMembers(string joinRule = JoinRules.Invite, RoomVersion? version = null, long invite = 0)
    {
        var room = New(version);
        room.Apply(room.Build(EventTypes.PowerLevels, string.Empty,
            $"{{'users':{{'{Alice}':100,'{Bob}':50,'{Erin}':50}},'invite':{invite},'events':{{'m.room.name':50,'m.room.power_levels':100}}}}", Alice));
        room.Apply(room.Build(EventTypes.JoinRules, string.Empty, $"{{'join_rule':'{joinRule}'}}", Alice));
        foreach (var user in new[] { Bob, Erin, Carol })
        {
            room.SetMembership(user, Membership.Join);
        }

        return room;
    }

    public Pdu Build(string type, string? stateKey, string content, string sender, string? redacts = null, IReadOnlyList<string>? prevEvents = null)
    {
        var draft = new PduDraft
        {
            RoomId = RoomId,
            Sender = sender,
            Type = type,
            StateKey = stateKey,
            Content = TestJson.Parse(content),
            OriginServerTs = _ts++,
            PrevEvents = prevEvents ?? (_last is null ? [] : [_last.EventId]),
            Depth = (_last?.Depth ?? 0) + 1,
            Redacts = redacts,
        };

        return Pdu.Create(draft with { AuthEvents = AuthEventSelector.Select(draft, State) }, Version);
    }

    public Pdu Member(string sender, string target, string membership, string extraContent = "") =>
        Build(EventTypes.Member, target, $"{{'membership':'{membership}'{(extraContent.Length > 0 ? "," + extraContent : string.Empty)}}}", sender);

    public AuthResult Check(Pdu pdu) => AuthRules.Check(pdu, State, Version);

    public Pdu Apply(Pdu pdu)
    {
        var result = Check(pdu);
        Assert.True(result.IsAllowed, $"setup event {pdu} was rejected: {result.Reason}");
        return Force(pdu);
    }

    public Pdu Force(Pdu pdu)
    {
        State = State.With(pdu);
        _last = pdu;
        return pdu;
    }

    /// <summary>Puts <paramref name="user"/> in <paramref name="membership"/> without auth checks; null leaves them without a member event.</summary>
    public void SetMembership(string user, string? membership)
    {
        if (membership is not null)
        {
            Force(Member(user, user, membership));
        }
    }

    public void SetPowerLevels(string content) => Force(Build(EventTypes.PowerLevels, string.Empty, content, Alice));

    public void SetJoinRule(string joinRule) => Force(Build(EventTypes.JoinRules, string.Empty, $"{{'join_rule':'{joinRule}'}}", Alice));

    public static JsonElement Content(string json) => TestJson.Parse(json);
}
