using System.Text;
using ClawChat.Matrix.Errors;

namespace ClawChat.Matrix.Tests.Errors;

public sealed class MatrixExceptionTests
{
    public static TheoryData<MatrixException, int, string> Factories => new()
    {
        { MatrixException.Forbidden(), 403, MatrixErrorCode.Forbidden },
        { MatrixException.NotFound(), 404, MatrixErrorCode.NotFound },
        { MatrixException.BadJson("x"), 400, MatrixErrorCode.BadJson },
        { MatrixException.NotJson(), 400, MatrixErrorCode.NotJson },
        { MatrixException.MissingToken(), 401, MatrixErrorCode.MissingToken },
        { MatrixException.UnknownToken(), 401, MatrixErrorCode.UnknownToken },
        { MatrixException.UserLocked(), 401, MatrixErrorCode.UserLocked },
        { MatrixException.UserSuspended(), 403, MatrixErrorCode.UserSuspended },
        { MatrixException.UserDeactivated(), 403, MatrixErrorCode.UserDeactivated },
        { MatrixException.LimitExceeded(), 429, MatrixErrorCode.LimitExceeded },
        { MatrixException.Unrecognized(), 404, MatrixErrorCode.Unrecognized },
        { MatrixException.Unrecognized(methodNotAllowed: true), 405, MatrixErrorCode.Unrecognized },
        { MatrixException.UserInUse(), 400, MatrixErrorCode.UserInUse },
        { MatrixException.InvalidUsername(), 400, MatrixErrorCode.InvalidUsername },
        { MatrixException.RoomInUse(), 400, MatrixErrorCode.RoomInUse },
        { MatrixException.UnsupportedRoomVersion(), 400, MatrixErrorCode.UnsupportedRoomVersion },
        { MatrixException.IncompatibleRoomVersion("9"), 400, MatrixErrorCode.IncompatibleRoomVersion },
        { MatrixException.GuestAccessForbidden(), 403, MatrixErrorCode.GuestAccessForbidden },
        { MatrixException.TooLarge(), 413, MatrixErrorCode.TooLarge },
        { MatrixException.WrongRoomKeysVersion("2"), 403, MatrixErrorCode.WrongRoomKeysVersion },
        { MatrixException.NotYetUploaded(), 504, MatrixErrorCode.NotYetUploaded },
        { MatrixException.CannotOverwriteMedia(), 409, MatrixErrorCode.CannotOverwriteMedia },
        { MatrixException.MissingParam("x"), 400, MatrixErrorCode.MissingParam },
        { MatrixException.InvalidParam("x"), 400, MatrixErrorCode.InvalidParam },
        { MatrixException.BadState("x"), 400, MatrixErrorCode.BadState },
        { MatrixException.Unknown("x"), 500, MatrixErrorCode.Unknown },
    };

    [Theory]
    [MemberData(nameof(Factories))]
    public void Factory_CarriesSpecStatus(MatrixException exception, int status, string errCode)
    {
        Assert.Equal(status, exception.Status);
        Assert.Equal(errCode, exception.ErrCode);
    }

    [Fact]
    public void ToBodyBytes_WritesErrcodeAndError() =>
        Assert.Equal("{\"errcode\":\"M_FORBIDDEN\",\"error\":\"No.\"}", Encoding.UTF8.GetString(MatrixException.Forbidden("No.").ToBodyBytes()));

    [Fact]
    public void LimitExceeded_IncludesRetryAfterMs() =>
        Assert.Equal(
            "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"Too many requests.\",\"retry_after_ms\":1500}",
            Encoding.UTF8.GetString(MatrixException.LimitExceeded(1500).ToBodyBytes()));

    [Fact]
    public void UnknownToken_WithSoftLogout_IncludesFlag() =>
        Assert.True(MatrixException.UnknownToken(softLogout: true).Extra["soft_logout"].GetBoolean());

    [Fact]
    public void UserLocked_AlwaysSoftLogout() =>
        Assert.True(MatrixException.UserLocked().Extra["soft_logout"].GetBoolean());

    [Fact]
    public void IncompatibleRoomVersion_IncludesRoomVersion() =>
        Assert.Equal("9", MatrixException.IncompatibleRoomVersion("9").Extra["room_version"].GetString());
}
