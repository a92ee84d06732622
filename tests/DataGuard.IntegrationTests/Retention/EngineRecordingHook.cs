// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A hook over recordings (which the engine model deletes by cascade with their call): only its registration matters.</summary>
public sealed class EngineRecordingHook : IRetentionHook<EngineRecording>
{
    public Task BeforePurgeAsync(RetentionHookBatch<EngineRecording> batch, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
