// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.Extensions.DependencyInjection;

namespace DataGuard;

/// <summary>
/// Configures DataGuard. Every DataGuard feature, whichever package ships it, hangs an extension method on this interface.
/// </summary>
/// <remarks>
/// Obtained from <c>services.AddDataGuard(dg => ...)</c>. Implementations are not thread-safe; configure them during start-up only.
/// </remarks>
public interface IDataGuardBuilder
{
    /// <summary>
    /// Gets the service collection that DataGuard's services are registered in.
    /// </summary>
    IServiceCollection Services { get; }
}
