// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Retention;

/// <summary>Writes the run record of a real run (<c>DataGuardRetentionRuns</c>): <c>running</c> when it starts, status and report when it ends.</summary>
internal static class RetentionRunRecorder
{
    public const string Running = "running";

    /// <summary>The status of a run whose record still said <see cref="Running"/> when a later owner took the lease (its process died).</summary>
    public const string Abandoned = "abandoned";

    /// <summary>
    /// Writes the run record of a run that holds the lease with <paramref name="fencingToken"/>. Records still <see cref="Running"/> under
    /// an older token belong to runs that ended without writing their end (a crash, a killed process): they are marked
    /// <see cref="Abandoned"/>. A stalled owner that wakes up later still writes its own end (<c>leaselost</c>) over it.
    /// </summary>
    public static async Task StartAsync(DbContext context, Guid runId, string owner, long fencingToken, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await context.Set<DataGuardRetentionRunEntity>()
            .Where(r => r.Status == Running && r.FencingToken < fencingToken)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, Abandoned), cancellationToken)
            .ConfigureAwait(false);

        context.Set<DataGuardRetentionRunEntity>().Add(new DataGuardRetentionRunEntity
        {
            Id = runId,
            Owner = owner,
            FencingToken = fencingToken,
            StartedAtMicros = RetentionLease.ToMicros(startedAt),
            Status = Running,
        });
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            context.ChangeTracker.Clear();
        }
    }

    public static Task EndAsync(DbContext context, Guid runId, RetentionRunStatus status, DateTimeOffset endedAt, IReadOnlyList<RetentionReportEntry> entries, IReadOnlyList<string> errors)
    {
        var endedMicros = RetentionLease.ToMicros(endedAt);
        var statusText = StatusText(status);
        var report = ToJson(entries, errors);
        return context.Set<DataGuardRetentionRunEntity>().Where(r => r.Id == runId).ExecuteUpdateAsync(
            s => s.SetProperty(r => r.EndedAtMicros, endedMicros).SetProperty(r => r.Status, statusText).SetProperty(r => r.Report, report),
            CancellationToken.None);
    }

    /// <summary>The status as stored: the <see cref="RetentionRunStatus"/> name in lower case.</summary>
    public static string StatusText(RetentionRunStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The report's entries and errors as JSON (categories, types, tenants, counts: no personal data).</summary>
    public static string ToJson(IReadOnlyList<RetentionReportEntry> entries, IReadOnlyList<string> errors)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("entries");
            foreach (var entry in entries)
            {
                json.WriteStartObject();
                json.WriteString("category", entry.Category);
                json.WriteString("entityType", entry.EntityType);
                json.WriteString("action", entry.Action.ToString().ToLowerInvariant());
                if (entry.TenantId is not null)
                {
                    json.WriteString("tenantId", entry.TenantId);
                }

                if (entry.Period is { } period)
                {
                    json.WriteString("period", period.ToString("c", CultureInfo.InvariantCulture));
                }

                if (entry.Cutoff is { } cutoff)
                {
                    json.WriteString("cutoff", cutoff);
                }

                json.WriteNumber("purged", entry.Purged);
                json.WriteNumber("dependents", entry.Dependents);
                json.WriteNumber("heldBack", entry.HeldBack);
                json.WriteNumber("kept", entry.Kept);
                json.WriteNumber("failed", entry.Failed);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("errors");
            foreach (var error in errors)
            {
                json.WriteStringValue(error);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
