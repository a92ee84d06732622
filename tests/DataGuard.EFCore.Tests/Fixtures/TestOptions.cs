// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DataGuard.EFCore.Tests.Fixtures;

/// <summary>DbContext options every host and context of this test project adds.</summary>
public static class TestOptions
{
    /// <summary>
    /// Logs, instead of throwing, EF Core's warning about more than twenty internal service providers in the process. Each
    /// DataGuard application (key ring) gets its own provider by design, and this test process starts far more than twenty
    /// of them. <c>DataGuardOptionsExtensionTests</c> turns the warning back into an error to check that one application
    /// never creates more than one provider, however many contexts it creates.
    /// </summary>
    /// <param name="options">The options to configure.</param>
    public static void ManyHosts(DbContextOptionsBuilder options)
        => options.ConfigureWarnings(ManyHostsWarnings);

    /// <summary>The warning configuration of <see cref="ManyHosts"/>.</summary>
    /// <param name="warnings">The warnings to configure.</param>
    public static void ManyHostsWarnings(WarningsConfigurationBuilder warnings)
        => warnings.Log(CoreEventId.ManyServiceProvidersCreatedWarning);
}
