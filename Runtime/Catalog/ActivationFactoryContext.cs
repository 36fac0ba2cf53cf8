using ClawChat.Runtime.Invocation;
using ClawChat.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ClawChat.Runtime.Catalog;

/// <summary>Handed to a generated grain factory while the grain is constructed; lives only that long.</summary>
internal sealed class ActivationFactoryContext(ActivationRecord activation) : GrainActivationContext
{
    public override IGrainContext GrainContext => activation;

    public override IServiceProvider Services => activation.TypeInfo.Shared.Services;

    public override IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
    {
        var services = activation.TypeInfo.Shared.Services;
        var storage = storageName is null
            ? services.GetService<IGrainStorage>()
            : services.GetKeyedService<IGrainStorage>(storageName);
        if (storage is null)
        {
            throw new InvalidOperationException(storageName is null
                ? $"Grain {activation.GrainId} declares persistent state '{stateName}' but no default IGrainStorage is registered."
                : $"Grain {activation.GrainId} declares persistent state '{stateName}' in storage '{storageName}', which is not registered.");
        }

        var facet = new PersistentStateBridge<TState>(activation, storage, stateName);
        activation.AddStateFacet(facet);
        return facet;
    }
}
