using System.Text.Json.Nodes;
using ClawChat.Matrix.Events;
using ClawChat.Matrix.Json;

namespace ClawChat.Matrix.Tests.Events;

public sealed class EventRedactionTests
{
    private const string AllTopLevel =
        "{\"event_id\":\"$e\",\"type\":\"m.room.message\",\"room_id\":\"!r:d\",\"sender\":\"@u:d\",\"state_key\":\"\",\"content\":{}," +
        "\"hashes\":{\"sha256\":\"h\"},\"signatures\":{\"d\":{}},\"depth\":1,\"prev_events\":[],\"auth_events\":[],\"origin_server_ts\":1," +
        "\"origin\":\"d\",\"membership\":\"join\",\"prev_state\":[],\"unsigned\":{\"age\":1},\"redacts\":\"$x\",\"age_ts\":1,\"custom\":true}";

    [Fact]
    public void Redact_V11_KeepsOnlyV11TopLevelKeys()
    {
        var redacted = EventRedaction.Redact(JsonNode.Parse(AllTopLevel)!.AsObject(), RoomVersion.V11);

        Assert.Equal(
            ["auth_events", "content", "depth", "event_id", "hashes", "origin_server_ts", "prev_events", "room_id", "sender", "signatures", "state_key", "type"],
            redacted.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Redact_V10_AlsoKeepsOriginMembershipAndPrevState()
    {
        var redacted = EventRedaction.Redact(JsonNode.Parse(AllTopLevel)!.AsObject(), RoomVersion.V10);

        Assert.Equal(
            ["auth_events", "content", "depth", "event_id", "hashes", "membership", "origin", "origin_server_ts", "prev_events", "prev_state", "room_id", "sender", "signatures", "state_key", "type"],
            redacted.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Redact_DoesNotModifyTheInput()
    {
        var pdu = JsonNode.Parse("{\"type\":\"m.room.message\",\"content\":{\"body\":\"hi\"},\"unsigned\":{}}")!.AsObject();

        EventRedaction.Redact(pdu, RoomVersion.V11);

        Assert.Equal("{\"content\":{\"body\":\"hi\"},\"type\":\"m.room.message\",\"unsigned\":{}}", CanonicalJson.EncodeToString(pdu));
    }

    // DIGEST §3.4 table: content kept per event type, v10 vs v11.
    [Theory]
    [InlineData("m.room.member", "10",
        "{'membership':'join','displayname':'A','avatar_url':'mxc://d/a','join_authorised_via_users_server':'@x:d','third_party_invite':{'signed':{'token':'t'},'display_name':'x'}}",
        "{'join_authorised_via_users_server':'@x:d','membership':'join'}")]
    [InlineData("m.room.member", "11",
        "{'membership':'join','displayname':'A','avatar_url':'mxc://d/a','join_authorised_via_users_server':'@x:d','third_party_invite':{'signed':{'token':'t'},'display_name':'x'}}",
        "{'join_authorised_via_users_server':'@x:d','membership':'join','third_party_invite':{'signed':{'token':'t'}}}")]
    [InlineData("m.room.member", "11", "{'membership':'invite','third_party_invite':{'display_name':'x'}}", "{'membership':'invite'}")]
    [InlineData("m.room.create", "10", "{'creator':'@u:d','room_version':'10','m.federate':false}", "{'creator':'@u:d'}")]
    [InlineData("m.room.create", "11", "{'room_version':'11','m.federate':false,'type':'m.space','predecessor':{'room_id':'!o:d'}}",
        "{'m.federate':false,'predecessor':{'room_id':'!o:d'},'room_version':'11','type':'m.space'}")]
    [InlineData("m.room.join_rules", "10", "{'join_rule':'restricted','allow':[{'type':'m.room_membership','room_id':'!a:d'}],'x':1}",
        "{'allow':[{'room_id':'!a:d','type':'m.room_membership'}],'join_rule':'restricted'}")]
    [InlineData("m.room.join_rules", "11", "{'join_rule':'public','x':1}", "{'join_rule':'public'}")]
    [InlineData("m.room.power_levels", "10",
        "{'ban':50,'events':{'a':1},'events_default':0,'invite':0,'kick':50,'redact':50,'state_default':50,'users':{'@u:d':100},'users_default':0,'notifications':{'room':50},'x':1}",
        "{'ban':50,'events':{'a':1},'events_default':0,'kick':50,'redact':50,'state_default':50,'users':{'@u:d':100},'users_default':0}")]
    [InlineData("m.room.power_levels", "11",
        "{'ban':50,'events':{'a':1},'events_default':0,'invite':0,'kick':50,'redact':50,'state_default':50,'users':{'@u:d':100},'users_default':0,'notifications':{'room':50},'x':1}",
        "{'ban':50,'events':{'a':1},'events_default':0,'invite':0,'kick':50,'redact':50,'state_default':50,'users':{'@u:d':100},'users_default':0}")]
    [InlineData("m.room.history_visibility", "10", "{'history_visibility':'shared','x':1}", "{'history_visibility':'shared'}")]
    [InlineData("m.room.history_visibility", "11", "{'history_visibility':'joined','x':1}", "{'history_visibility':'joined'}")]
    [InlineData("m.room.redaction", "10", "{'redacts':'$t','reason':'spam'}", "{}")]
    [InlineData("m.room.redaction", "11", "{'redacts':'$t','reason':'spam'}", "{'redacts':'$t'}")]
    [InlineData("m.room.message", "10", "{'body':'hi','msgtype':'m.text'}", "{}")]
    [InlineData("m.room.message", "11", "{'body':'hi','msgtype':'m.text'}", "{}")]
    [InlineData("m.room.name", "11", "{'name':'Room'}", "{}")]
    [InlineData("m.room.topic", "11", "{'topic':'t'}", "{}")]
    [InlineData("m.room.aliases", "11", "{'aliases':['#a:d']}", "{}")]
    [InlineData("m.room.guest_access", "11", "{'guest_access':'can_join'}", "{}")]
    [InlineData("m.room.encryption", "11", "{'algorithm':'m.megolm.v1.aes-sha2'}", "{}")]
    public void RedactContent_KeepsExactlyTheSpecKeys(string type, string version, string content, string expected)
    {
        RoomVersion.TryGet(version, out var roomVersion);
        var input = JsonNode.Parse(content.Replace('\'', '"'))!.AsObject();

        var redacted = EventRedaction.RedactContent(type, input, roomVersion!);

        Assert.Equal(CanonicalJson.Canonicalize(expected.Replace('\'', '"')), CanonicalJson.EncodeToString(redacted));
    }

    [Fact]
    public void RedactContent_TreatsMissingContentAsEmpty() =>
        Assert.Empty(EventRedaction.RedactContent(EventTypes.Member, null, RoomVersion.V11));
}
