namespace ClawChat.Grains.Interfaces.Accounts;

/// <summary>The device a login or registration creates: the client's <c>device_id</c> (null: generate one;
/// an existing id is reused and its old token revoked), its <c>initial_device_display_name</c>, and the
/// client address for last-seen.</summary>
public sealed record NewDeviceRequest(string? DeviceId, string? InitialDisplayName, string? Ip);
