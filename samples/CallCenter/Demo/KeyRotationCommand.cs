// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.IO;
using System.Threading.Tasks;
using DataGuard.Encryption;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Demo;

/// <summary><c>rotate-keys</c>: makes a new data key active, then re-encrypts every row under it.</summary>
public static class KeyRotationCommand
{
    public static async Task<int> RunAsync(WebApplication app, TextWriter output)
    {
        await app.StartAsync();
        try
        {
            var key = await app.Services.GetRequiredService<IKeyRingManager>().RotateDataKeyAsync();
            output.WriteLine($"Active data key: {key}");
            var result = await app.Services.GetRequiredService<IReencryptionJob>().RunAsync(
                progress: new InlineProgress<ReencryptionProgress>(p => output.WriteLine($"{p.Table}: {p.RowsScanned} scanned, {p.RowsRewritten} rewritten")));
            output.WriteLine($"Re-encrypted {result.RowsRewritten} rows; {result.RowsConflicted} changed concurrently (run again), {result.RowsFailed} failed.");
            return result.RowsFailed == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
