using System.Runtime.InteropServices;

namespace Course.Grader.Workers;

/// <summary>POSIX signals to the grader's own worker processes (the grader is trusted code; students never get this).</summary>
internal static class Signals
{
    // Linux x86-64 and arm64 numbers.
    public const int Continue = 18;
    public const int Stop = 19;

    // DllImport rather than LibraryImport: the marshalling is trivial, and the grader needs no unsafe code for it.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Sends a signal; a process that has already ended is no error.</summary>
    public static void Send(int pid, int signal)
    {
        if (OperatingSystem.IsLinux()) Kill(pid, signal);
    }
}
