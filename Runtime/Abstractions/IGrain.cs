namespace ClawChat.Runtime;

/// <summary>Anything that can be the target of a grain call: a grain or an observer.</summary>
public interface IAddressable
{
}

/// <summary>Marker for grain interfaces. Grain interfaces declare async methods only
/// (<see cref="Task"/>, <see cref="Task{TResult}"/>, <see cref="ValueTask"/>, <see cref="ValueTask{TResult}"/>).</summary>
public interface IGrain : IAddressable
{
}

/// <summary>A grain addressed by a string key (a Matrix identifier, usually). Keys are ordinal and case-sensitive.</summary>
public interface IGrainWithStringKey : IGrain
{
}

/// <summary>A callback target living in one silo's memory (for example an HTTP request waiting for a
/// grain's notification). Created with <see cref="IGrainFactory.CreateObjectReference{TObserver}"/>.</summary>
public interface IGrainObserver : IAddressable
{
}
