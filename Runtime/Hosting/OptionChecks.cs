namespace ClawChat.Runtime.Hosting;

/// <summary>Checks shared by the options validators; each failure names the full configuration key.</summary>
public static class OptionChecks
{
    /// <summary>Adds a failure to <paramref name="failures"/> unless <paramref name="value"/> is positive.</summary>
    public static void Positive(List<string> failures, string section, string key, TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{section}:{key} must be positive (got {value}).");
        }
    }
}
