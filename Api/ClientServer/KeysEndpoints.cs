using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.Keys;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Device keys, one-time keys, cross-signing and signatures (DIGEST §12.1–12.3, §12.6). The rules live in
/// <see cref="IUserKeysGrain"/> (one per user, the single writer of its keys); this file reads and bounds the
/// requests, fans out to the users' grains in parallel and shapes the responses. Users of other servers go into
/// <c>failures</c> until federation exists.</summary>
public static class KeysEndpoints
{
    private const string SignedCurve25519 = "signed_curve25519";

    private static readonly IReadOnlyList<IReadOnlyList<string>> PasswordFlows = [[UserInteractiveAuth.Password]];

    public static IEndpointRouteBuilder MapKeysEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// POST /_matrix/client/v3/keys/upload
        endpoints.MapPost("/_matrix/client/v3/keys/upload", async (HttpContext context, IGrainFactory grains) =>
        {
            var requester = context.GetRequester();
            var body = await JsonBody.ReadObjectAsync(context);
            var deviceKeys = body.GetOptionalObject("device_keys");
            var oneTimeKeys = ReadKeyMap(body, "one_time_keys", E2eeKeyLimits.MaxOneTimeKeysPerDevice);
            var fallbackKeys = ReadKeyMap(body, "fallback_keys", E2eeKeyLimits.MaxFallbackKeysPerUpload)
                ?? ReadKeyMap(body, "org.matrix.msc2732.fallback_keys", E2eeKeyLimits.MaxFallbackKeysPerUpload);
            var upload = new KeysUpload(requester.DeviceId, deviceKeys is null ? null : ToElement(deviceKeys), oneTimeKeys, fallbackKeys);
            var counts = await grains.GetGrain<IUserKeysGrain>(requester.UserId.Value).UploadAsync(upload);

            // signed_curve25519 is always present: clients read a missing count as "unknown" rather than zero.
            var countsJson = new JsonObject { [SignedCurve25519] = 0 };
            foreach (var (algorithm, count) in counts.OneTimeKeyCounts)
            {
                countsJson[algorithm] = count;
            }

            return MatrixResults.Json(new JsonObject { ["one_time_key_counts"] = countsJson });
        }).RequireAccessToken();

        /// POST /_matrix/client/v3/keys/query
        endpoints.MapPost("/_matrix/client/v3/keys/query", async (HttpContext context, IGrainFactory grains) =>
        {
            var requester = context.GetRequester();
            var body = await JsonBody.ReadObjectAsync(context);
            var requested = body.GetOptionalObject("device_keys") ?? throw MatrixException.MissingParam("'device_keys' is required.");
            var failures = new JsonObject();
            var local = new List<(string UserId, IReadOnlyList<string> DeviceIds)>();
            var devices = 0;
            foreach (var (user, deviceList) in Bounded(requested, "device_keys"))
            {
                var deviceIds = ReadStringArray(deviceList, $"'device_keys.{user}'");
                devices += deviceIds.Count;
                CheckDeviceBound(devices);
                if (Classify(user, requester, failures) is { } userId)
                {
                    local.Add((userId, deviceIds));
                }
            }

            var results = await Task.WhenAll(local.Select(async entry =>
            {
                var keysTask = grains.GetGrain<IUserKeysGrain>(entry.UserId).QueryAsync(requester.UserId.Value, entry.DeviceIds);
                var accountDevices = await grains.GetGrain<IUserGrain>(entry.UserId).GetDevicesAsync();
                return (entry.UserId, Keys: await keysTask, Devices: accountDevices);
            }));

            var deviceKeys = new JsonObject();
            var masterKeys = new JsonObject();
            var selfSigningKeys = new JsonObject();
            var userSigningKeys = new JsonObject();
            foreach (var (userId, keys, accountDevices) in results)
            {
                var userDevices = DeviceKeysJson(keys, accountDevices);
                if (userDevices.Count > 0)
                {
                    deviceKeys[userId] = userDevices;
                }

                AddIfPresent(masterKeys, userId, keys.MasterKey);
                AddIfPresent(selfSigningKeys, userId, keys.SelfSigningKey);
                AddIfPresent(userSigningKeys, userId, keys.UserSigningKey);
            }

            return MatrixResults.Json(new JsonObject
            {
                ["device_keys"] = deviceKeys,
                ["master_keys"] = masterKeys,
                ["self_signing_keys"] = selfSigningKeys,
                ["user_signing_keys"] = userSigningKeys,
                ["failures"] = failures,
            });
        }).RequireAccessToken();

        /// POST /_matrix/client/v3/keys/claim
        endpoints.MapPost("/_matrix/client/v3/keys/claim", async (HttpContext context, IGrainFactory grains) =>
        {
            var requester = context.GetRequester();
            var body = await JsonBody.ReadObjectAsync(context);
            var requested = body.GetOptionalObject("one_time_keys") ?? throw MatrixException.MissingParam("'one_time_keys' is required.");
            var failures = new JsonObject();
            var local = new List<(string UserId, Dictionary<string, string> Algorithms)>();
            var devices = 0;
            foreach (var (user, deviceMap) in Bounded(requested, "one_time_keys"))
            {
                if (deviceMap is not JsonObject byDevice)
                {
                    throw MatrixException.BadJson($"'one_time_keys.{user}' must be an object of device ID to algorithm.");
                }

                devices += byDevice.Count;
                CheckDeviceBound(devices);
                var algorithms = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (deviceId, algorithm) in byDevice)
                {
                    algorithms[deviceId] = algorithm is JsonValue value && value.GetValueKind() == JsonValueKind.String
                        ? value.GetValue<string>()
                        : throw MatrixException.BadJson($"'one_time_keys.{user}.{deviceId}' must be an algorithm name.");
                }

                if (Classify(user, requester, failures) is { } userId && algorithms.Count > 0)
                {
                    local.Add((userId, algorithms));
                }
            }

            var claims = await Task.WhenAll(local.Select(async entry =>
                (entry.UserId, Keys: await grains.GetGrain<IUserKeysGrain>(entry.UserId).ClaimAsync(entry.Algorithms))));
            var oneTimeKeys = new JsonObject();
            foreach (var (userId, claimed) in claims)
            {
                if (claimed.Count == 0)
                {
                    continue;
                }

                var byDevice = new JsonObject();
                foreach (var (deviceId, key) in claimed)
                {
                    byDevice[deviceId] = new JsonObject { [key.KeyId] = JsonNode.Parse(key.Key.GetRawText()) };
                }

                oneTimeKeys[userId] = byDevice;
            }

            return MatrixResults.Json(new JsonObject { ["one_time_keys"] = oneTimeKeys, ["failures"] = failures });
        }).RequireAccessToken();

        /// POST /_matrix/client/v3/keys/device_signing/upload
        endpoints.MapPost("/_matrix/client/v3/keys/device_signing/upload", async (HttpContext context, IGrainFactory grains, UserInteractiveAuth uia) =>
        {
            var requester = context.GetRequester();
            var body = await JsonBody.ReadObjectAsync(context);
            var keys = new CrossSigningKeys(
                OptionalElement(body, "master_key"),
                OptionalElement(body, "self_signing_key"),
                OptionalElement(body, "user_signing_key"));
            var deviceIds = (await grains.GetGrain<IUserGrain>(requester.UserId.Value).GetDevicesAsync()).Select(d => d.DeviceId).ToList();
            var userKeys = grains.GetGrain<IUserKeysGrain>(requester.UserId.Value);

            // The grain validates first and says whether UIA is needed (DIGEST §12.6: not for the first setup or an
            // identical retry); only then is the password asked for, and the upload repeated as authenticated.
            if (await userKeys.UploadCrossSigningKeysAsync(keys, deviceIds, authenticated: false) == CrossSigningUploadOutcome.AuthRequired)
            {
                if (await uia.AuthenticateAsync(body, "POST /keys/device_signing/upload", requester.UserId, PasswordFlows) is { } challenge)
                {
                    return challenge;
                }

                await userKeys.UploadCrossSigningKeysAsync(keys, deviceIds, authenticated: true);
            }

            return MatrixResults.Empty;
        }).RequireAccessToken();

        /// POST /_matrix/client/v3/keys/signatures/upload
        endpoints.MapPost("/_matrix/client/v3/keys/signatures/upload", async (HttpContext context, IGrainFactory grains) =>
        {
            var requester = context.GetRequester();
            var self = requester.UserId.Value;
            var body = await JsonBody.ReadObjectAsync(context);
            var failures = new JsonObject();
            var local = new List<(string UserId, Dictionary<string, JsonElement> Objects)>();
            var objects = 0;
            foreach (var (user, keyMap) in Bounded(body, "the request body"))
            {
                if (keyMap is not JsonObject byKey)
                {
                    throw MatrixException.BadJson($"'{user}' must be an object of key ID to signed key.");
                }

                objects += byKey.Count;
                CheckDeviceBound(objects);
                var signed = byKey.ToDictionary(k => k.Key, k => ToElement(k.Value), StringComparer.Ordinal);
                if (!UserId.TryParse(user, out var userId) || userId.Server != requester.UserId.Server)
                {
                    var error = userId.Value is null ? "Not a valid user ID." : "Signing keys of users on other servers is not supported yet.";
                    failures[user] = new JsonObject(signed.Keys.Select(k =>
                        KeyValuePair.Create(k, (JsonNode?)FailureJson(MatrixErrorCode.InvalidParam, error))));
                }
                else if (signed.Count > 0)
                {
                    local.Add((user, signed));
                }
            }

            // Signatures on other users' master keys are checked against the requester's user-signing key.
            JsonElement? userSigningKey = local.Any(l => l.UserId != self)
                ? (await grains.GetGrain<IUserKeysGrain>(self).GetCrossSigningKeysAsync()).UserSigningKey
                : null;
            var results = await Task.WhenAll(local.Select(async entry =>
                (entry.UserId, Failures: await grains.GetGrain<IUserKeysGrain>(entry.UserId).UploadSignaturesAsync(self, userSigningKey, entry.Objects))));
            foreach (var (userId, userFailures) in results)
            {
                if (userFailures.Count > 0)
                {
                    failures[userId] = new JsonObject(userFailures.Select(f =>
                        KeyValuePair.Create(f.Key, (JsonNode?)FailureJson(f.Value.ErrCode, f.Value.Error))));
                }
            }

            return MatrixResults.Json(new JsonObject { ["failures"] = failures });
        }).RequireAccessToken();

        return endpoints;
    }

    /// <summary>The devices of one user as <c>/keys/query</c> returns them: only devices the account still has, each
    /// with <c>unsigned.device_display_name</c> when it has a name.</summary>
    private static JsonObject DeviceKeysJson(UserKeysQueryResult keys, IReadOnlyList<DeviceInfo> accountDevices)
    {
        var names = accountDevices.ToDictionary(d => d.DeviceId, d => d.DisplayName, StringComparer.Ordinal);
        var result = new JsonObject();
        foreach (var (deviceId, element) in keys.DeviceKeys)
        {
            if (!names.TryGetValue(deviceId, out var displayName) || JsonNode.Parse(element.GetRawText()) is not JsonObject device)
            {
                continue;
            }

            if (displayName is not null)
            {
                if (device["unsigned"] is not JsonObject unsigned)
                {
                    unsigned = [];
                    device["unsigned"] = unsigned;
                }

                unsigned["device_display_name"] = displayName;
            }

            result[deviceId] = device;
        }

        return result;
    }

    /// <summary>The local user ID to ask, or null: an invalid ID is skipped (unknown users are omitted), a user of
    /// another server is reported under <c>failures[server]</c> (no federation yet).</summary>
    private static string? Classify(string user, Requester requester, JsonObject failures)
    {
        if (!UserId.TryParse(user, out var userId))
        {
            return null;
        }

        if (userId.Server != requester.UserId.Server)
        {
            failures[userId.Server.Value] = new JsonObject
            {
                ["status"] = StatusCodes.Status503ServiceUnavailable,
                ["message"] = "Federation is not supported by this server yet.",
            };
            return null;
        }

        return userId.Value;
    }

    /// <summary>The entries of a per-user map, refusing more than <see cref="E2eeKeyLimits.MaxUsersPerRequest"/> users.</summary>
    private static JsonObject Bounded(JsonObject map, string field) => map.Count <= E2eeKeyLimits.MaxUsersPerRequest
        ? map
        : throw MatrixException.InvalidParam($"{field} may name at most {E2eeKeyLimits.MaxUsersPerRequest} users.");

    private static void CheckDeviceBound(int devices)
    {
        if (devices > E2eeKeyLimits.MaxDevicesPerRequest)
        {
            throw MatrixException.InvalidParam($"A request may name at most {E2eeKeyLimits.MaxDevicesPerRequest} devices or keys.");
        }
    }

    private static IReadOnlyList<string> ReadStringArray(JsonNode? node, string field)
    {
        if (node is not JsonArray array)
        {
            throw MatrixException.BadJson($"{field} must be an array of device IDs.");
        }

        return array.Select(item => item is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw MatrixException.BadJson($"{field} must be an array of device IDs.")).ToList();
    }

    /// <summary>An optional map of key ID → key object, refusing more than <paramref name="max"/> entries.</summary>
    private static Dictionary<string, JsonElement>? ReadKeyMap(JsonObject body, string name, int max)
    {
        var map = body.GetOptionalObject(name);
        if (map is null)
        {
            return null;
        }

        if (map.Count > max)
        {
            throw MatrixException.InvalidParam($"'{name}' may hold at most {max} keys.");
        }

        return map.ToDictionary(k => k.Key, k => ToElement(k.Value), StringComparer.Ordinal);
    }

    private static JsonElement? OptionalElement(JsonObject body, string name) =>
        body.GetOptionalObject(name) is { } value ? ToElement(value) : null;

    private static JsonElement ToElement(JsonNode? node) => node is null
        ? JsonSerializer.SerializeToElement<JsonNode?>(null)
        : JsonSerializer.SerializeToElement(node);

    private static void AddIfPresent(JsonObject target, string userId, JsonElement? key)
    {
        if (key is { } value)
        {
            target[userId] = JsonNode.Parse(value.GetRawText());
        }
    }

    private static JsonObject FailureJson(string errCode, string error) => new() { ["errcode"] = errCode, ["error"] = error };
}
