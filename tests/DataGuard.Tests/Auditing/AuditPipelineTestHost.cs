// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Auditing;
using DataGuard.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataGuard.Tests.Auditing;

/// <summary>A real generic host with <c>AddAudit</c> over an in-memory key store and (optionally) an in-memory audit store.</summary>
internal static class AuditPipelineTestHost
{
    public static IHost Build(
        IAuditStore? store,
        Action<AuditOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        Action<IDataGuardBuilder>? dataGuard = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development", DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDataProtection().SetApplicationName("DataGuard.Tests").UseEphemeralDataProtectionProvider();
        builder.Services.AddDataGuard(dg =>
        {
            dg.PersistKeysTo(new InMemoryKeyStore()).AddAudit(configure);
            dataGuard?.Invoke(dg);
        });
        if (store is not null)
        {
            builder.Services.AddSingleton(store);
        }

        services?.Invoke(builder.Services);
        return builder.Build();
    }
}
