// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.AspNetCore.Auditing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataGuard;

/// <summary>Connects DataGuard's audit trail to ASP.NET Core requests.</summary>
public static class AspNetCoreAuditDataGuardBuilderExtensions
{
    /// <summary>
    /// Enables <c>app.UseDataGuardAudit()</c> and a start-up check: the application fails to start, with a message naming
    /// <c>app.UseDataGuardAudit()</c>, when endpoints carry <c>.AuditPersonalData()</c> or <see cref="AuditPersonalDataAttribute"/> but
    /// the middleware is not in the pipeline. Events go to the registered <see cref="IAuditSink"/> (the tamper-evident trail with
    /// <c>AddAudit()</c>, the log otherwise).
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IDataGuardBuilder AddAspNetCoreAudit(this IDataGuardBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<AuditMiddlewareMarker>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, AuditStartupFilter>());
        return builder;
    }
}
