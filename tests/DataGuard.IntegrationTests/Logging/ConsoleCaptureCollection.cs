// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Xunit;

namespace DataGuard.IntegrationTests.Logging;

/// <summary>Tests that redirect <see cref="System.Console.Out"/>: they run alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCaptureCollection
{
    public const string Name = "Console capture";
}
