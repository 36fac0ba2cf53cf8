namespace ClawChat.Grains.Media;

/// <summary>An upload written to a temporary file and hashed, not yet at its content address. Disposing
/// deletes the temporary file if it was not published.</summary>
internal sealed class StagedContent : IDisposable
{
    public StagedContent(string tempPath, string sha256, long length)
    {
        TempPath = tempPath;
        Sha256 = sha256;
        Length = length;
    }

    public string TempPath { get; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public string Sha256 { get; }

    public long Length { get; }

    public void Dispose()
    {
        try
        {
            File.Delete(TempPath);
        }
        catch (IOException)
        {
            // Left for the start-up sweep of the temporary directory.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
