namespace ClawChat.Runtime.Catalog;

/// <summary>A persistent-state facet the activation loads before <c>OnActivateAsync</c>.</summary>
internal interface IStateFacet
{
    Task ReadAsync(CancellationToken cancellationToken);
}
