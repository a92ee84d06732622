// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Xunit;

namespace DataGuard.EFCore.Tests.Infrastructure;

/// <summary>
/// Tests that count EF Core's internal service providers, which live in a process-wide cache: they run alone, after the
/// parallel tests, so that nothing else adds providers meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServiceProviderCacheCollection
{
    public const string Name = "EF Core service provider cache";
}
