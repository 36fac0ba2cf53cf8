using ClawChat.Runtime.Generators.Tests.Infrastructure;

namespace ClawChat.Runtime.Generators.Tests;

/// <summary>Ids are part of the wire format: these expected values are computed with an independent
/// FNV-1a over the documented signature text, so an accidental change of the id scheme fails here.</summary>
public sealed class MethodIdTests : IClassFixture<SampleAssemblyFixture>
{
    private readonly SampleAssemblyFixture _sample;

    public MethodIdTests(SampleAssemblyFixture sample)
    {
        _sample = sample;
    }

    [Theory]
    [InlineData("AddAsync", 2, "AddAsync(System.Int32,System.Int32)")]
    [InlineData("AddAsync", 3, "AddAsync(System.Int32,System.Int32,System.Int32)")]
    [InlineData("ResetAsync", 0, "ResetAsync()")]
    [InlineData("WaitAsync", 1, "WaitAsync(System.Int32)")]
    [InlineData("PeekAsync", 1, "PeekAsync(System.String)")]
    [InlineData("EchoAsync", 1, "EchoAsync(System.String)")]
    [InlineData("ListAsync", 2, "ListAsync(System.Int32[],System.Nullable<System.Int64>)")]
    public void MethodId_IsLow16BitsOfFnv1a_OfNameAndFullyQualifiedParameterTypes(string method, int properties, string signature)
    {
        var descriptor = _sample.Method("My.Ns.ICalcGrain", method, properties);

        Assert.Equal(Fnv1a.MethodId(signature), descriptor.Method.MethodId);
    }

    [Fact]
    public void MethodId_HasFixedValue_ForAGivenSignature()
    {
        // Pinned literal: FNV-1a 32 of "AddAsync(System.Int32,System.Int32)" is 0x9ab6aedd.
        Assert.Equal((ushort)0xaedd, _sample.Method("My.Ns.ICalcGrain", "AddAsync", 2).Method.MethodId);
    }

    [Fact]
    public void Overloads_GetDistinctIds()
    {
        var two = _sample.Method("My.Ns.ICalcGrain", "AddAsync", 2).Method.MethodId;
        var three = _sample.Method("My.Ns.ICalcGrain", "AddAsync", 3).Method.MethodId;

        Assert.NotEqual(two, three);
    }

    [Fact]
    public void MethodAlias_ReplacesTheSignature()
    {
        Assert.Equal(Fnv1a.MethodId("renamed"), _sample.Method("My.Ns.IBothGrain", "CountAsync").Method.MethodId);
    }

    [Fact]
    public void InterfaceId_IsFnv1aOfFullName()
    {
        var descriptor = _sample.Interface("My.Ns.ICalcGrain");

        Assert.Equal("My.Ns.ICalcGrain", descriptor.Name);
        Assert.Equal(Fnv1a.Hash32("My.Ns.ICalcGrain"), descriptor.InterfaceId);
    }

    [Fact]
    public void InterfaceId_OfNestedInterface_UsesTypeFullNameWithPlus()
    {
        var descriptor = _sample.Interface("My.Ns.Outer+INestedGrain");

        Assert.Equal("My.Ns.Outer+INestedGrain", descriptor.Name);
        Assert.Equal(Fnv1a.Hash32("My.Ns.Outer+INestedGrain"), descriptor.InterfaceId);
    }

    [Fact]
    public void InterfaceAlias_ReplacesTheFullName()
    {
        var descriptor = _sample.Interface("My.Ns.IBothGrain");

        Assert.Equal("both-v1", descriptor.Name);
        Assert.Equal(Fnv1a.Hash32("both-v1"), descriptor.InterfaceId);
        Assert.All(descriptor.Methods, m => Assert.Equal(("both-v1", Fnv1a.Hash32("both-v1")), (m.Method.InterfaceName, m.Method.InterfaceId)));
    }

    [Fact]
    public void MethodIds_DoNotDependOnOtherCodeInTheCompilation()
    {
        const string source = """
            using System.Threading.Tasks;
            namespace My.Ns;
            public interface IUnrelated { }
            public interface ICalcGrain : ClawChat.Runtime.IGrainWithStringKey
            {
                Task ResetAsync();
                Task<int> AddAsync(int x, int y);
            }
            """;
        var text = GeneratorHarness.Run(source).GeneratedSource("My_Ns_ICalcGrain.g.cs");

        Assert.Contains("My_Ns_ICalcGrain_AddAsync_aedd_Request", text, StringComparison.Ordinal);
    }
}
