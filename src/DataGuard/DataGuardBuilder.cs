// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.Extensions.DependencyInjection;

namespace DataGuard;

/// <summary>
/// The default <see cref="IDataGuardBuilder"/>.
/// </summary>
internal sealed class DataGuardBuilder(IServiceCollection services) : IDataGuardBuilder
{
    public IServiceCollection Services { get; } = services;
}
