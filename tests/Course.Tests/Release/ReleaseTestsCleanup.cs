using Course.Tests.Release;

// Outside any namespace: the folders are deleted once the whole test run ends, whichever tests used them.

/// <summary>Release tests write whole kits (~50 MB each); they are deleted when the test run ends.</summary>
[SetUpFixture]
public class ReleaseTestsCleanup
{
    [OneTimeTearDown]
    public void DeleteKits()
    {
        foreach (var directory in MasterNotebooks.Created)
            try { if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); }
            catch (IOException) { } // a file still held open; the OS temp cleaner takes it
    }
}
