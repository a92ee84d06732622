// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataGuard;

/// <summary>
/// Connects DataGuard to ASP.NET Core.
/// </summary>
public static class AspNetCoreDataGuardBuilderExtensions
{
    /// <summary>
    /// Answers DataGuard failures with ProblemDetails (<c>application/problem+json</c>) that never leak protected data:
    /// 410 Gone for data whose key was destroyed (erased), 500 for unreadable data or refused queries, each with the trace id.
    /// Requires <c>app.UseExceptionHandler()</c> in the pipeline.
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IDataGuardBuilder AddProblemDetailsMapping(this IDataGuardBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProblemDetails();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionHandler, DataGuardExceptionHandler>());
        return builder;
    }
}
