// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using PublicApiGenerator;
using Snapshooter.Xunit;
using Xunit;

namespace DataGuard.Tests.PublicApi;

/// <summary>
/// The public surface of DataGuard is approved by a reviewed snapshot (__snapshots__/PublicApiTests.PublicApi_IsApproved.snap):
/// changing it is a visible, deliberate diff.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_IsApproved()
    {
        var api = typeof(DataGuard.DataGuardDiagnostics).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false, DenyNamespacePrefixes = [] });
        Snapshot.Match(api);
    }
}
