using ClawChat.Matrix.Identifiers;

namespace ClawChat.Matrix.Tests.Identifiers;

public sealed class ServerNameTests
{
    [Theory]
    [InlineData("matrix.org", "matrix.org", null)]
    [InlineData("matrix.org:8888", "matrix.org", 8888)]
    [InlineData("1.2.3.4", "1.2.3.4", null)]
    [InlineData("1.2.3.4:1234", "1.2.3.4", 1234)]
    [InlineData("[1234:5678::abcd]", "[1234:5678::abcd]", null)]
    [InlineData("[1234:5678::abcd]:5678", "[1234:5678::abcd]", 5678)]
    [InlineData("[::1]", "[::1]", null)]
    [InlineData("localhost", "localhost", null)]
    [InlineData("Example.ORG", "Example.ORG", null)]
    [InlineData("a-b.c-d", "a-b.c-d", null)]
    public void Parse_AcceptsSpecGrammar(string value, string host, int? port)
    {
        var name = ServerName.Parse(value);

        Assert.Equal(value, name.Value);
        Assert.Equal(host, name.Host);
        Assert.Equal(port, name.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":8080")]
    [InlineData("matrix.org:")]
    [InlineData("matrix.org:123456")]
    [InlineData("matrix.org:80a")]
    [InlineData("matrix_org")]
    [InlineData("matrix.org/path")]
    [InlineData("[1234:5678::abcd")]
    [InlineData("[]")]
    [InlineData("[::g]")]
    [InlineData("[::1]8080")]
    [InlineData("exa mple.org")]
    [InlineData("ünicode.org")]
    public void TryParse_RejectsInvalidNames(string value) => Assert.False(ServerName.TryParse(value, out _));

    [Fact]
    public void TryParse_RejectsDnsNameLongerThan255()
    {
        Assert.True(ServerName.TryParse(new string('a', 255), out _));
        Assert.False(ServerName.TryParse(new string('a', 256), out _));
    }

    [Fact]
    public void Equality_IsCaseSensitive() => Assert.NotEqual(ServerName.Parse("Example.org"), ServerName.Parse("example.org"));
}
