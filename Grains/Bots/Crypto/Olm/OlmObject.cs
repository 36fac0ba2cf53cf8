using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace ClawChat.Grains.Bots.Crypto.Olm;

/// <summary>Native memory holding one libolm object, cleared (keys wiped) and freed on dispose. Not thread-safe: the
/// owning grain uses each object from one turn at a time.</summary>
public abstract unsafe class OlmObject : IDisposable
{
    private void* _memory;

    private protected OlmObject(nuint size, Func<IntPtr, IntPtr> init)
    {
        OlmLibrary.EnsureAvailable();
        _memory = NativeMemory.AllocZeroed(size);
        Handle = init((IntPtr)_memory);
    }

    /// <summary>The libolm object pointer.</summary>
    private protected IntPtr Handle { get; }

    private protected abstract IntPtr LastError(IntPtr handle);

    private protected abstract void Clear(IntPtr handle);

    public void Dispose()
    {
        if (_memory is not null)
        {
            Clear(Handle);
            NativeMemory.Free(_memory);
            _memory = null;
        }

        GC.SuppressFinalize(this);
    }

    private protected nuint Check(nuint result, string operation)
    {
        ObjectDisposedException.ThrowIf(_memory is null, this);
        return OlmLibrary.Check(result, LastError, Handle, operation);
    }

    /// <summary>Calls a libolm function that writes a string of <paramref name="length"/> bytes.</summary>
    private protected string ReadString(nuint length, Func<IntPtr, IntPtr, nuint, nuint> read, string operation)
    {
        var buffer = new byte[(int)length];
        fixed (byte* p = buffer)
        {
            var written = Check(read(Handle, (IntPtr)p, length), operation);
            return Encoding.UTF8.GetString(buffer, 0, (int)written);
        }
    }

    /// <summary>Pickles with <paramref name="key"/> (the returned string is a secret: it holds the private keys).</summary>
    private protected string PickleWith(ReadOnlySpan<byte> key, nuint length, PickleFunction pickle, string operation)
    {
        var buffer = new byte[(int)length];
        fixed (byte* k = key)
        fixed (byte* p = buffer)
        {
            var written = Check(pickle(Handle, k, (nuint)key.Length, p, length), operation);
            return Encoding.ASCII.GetString(buffer, 0, (int)written);
        }
    }

    private protected void UnpickleWith(ReadOnlySpan<byte> key, string pickled, PickleFunction unpickle, string operation)
    {
        var buffer = Encoding.ASCII.GetBytes(pickled);
        try
        {
            fixed (byte* k = key)
            fixed (byte* p = buffer)
            {
                Check(unpickle(Handle, k, (nuint)key.Length, p, (nuint)buffer.Length), operation);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>Runs a libolm call with <paramref name="length"/> fresh random bytes, wiped afterwards.</summary>
    private protected static nuint WithRandom(nuint length, Func<IntPtr, nuint, nuint> call)
    {
        var random = length == 0 ? [] : RandomNumberGenerator.GetBytes((int)length);
        try
        {
            fixed (byte* r = random)
            {
                return call((IntPtr)r, length);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(random);
        }
    }

    private protected delegate nuint PickleFunction(IntPtr handle, byte* key, nuint keyLength, byte* pickled, nuint pickledLength);
}
