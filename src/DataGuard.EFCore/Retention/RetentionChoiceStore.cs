// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.EFCore.Storage;
using DataGuard.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataGuard.EFCore.Retention;

/// <summary>
/// Tenants' choices of period in <c>DataGuardRetentionChoices</c>: one row per (tenant, category), the period in ticks
/// (<see langword="null"/>: indefinite), who chose it and when (Unix microseconds).
/// </summary>
/// <remarks>
/// <para>A choice is accepted only for a configured category whose policy has <see cref="RetentionPolicyOptions.TenantMayChoose"/>, and
/// only within its bounds, inclusive: <see cref="RetentionPolicyOptions.TenantMinimum"/> &lt;= period &lt;= <see cref="RetentionPolicyOptions.TenantMaximum"/>
/// (a <see langword="null"/> maximum allows any longer period and indefinite; an indefinite choice needs a <see langword="null"/> maximum).
/// A refusal throws <see cref="DataGuardValidationException"/> whose message names the category and states the bounds in days.</para>
/// <para>Storing is one <c>INSERT ... ON CONFLICT DO UPDATE</c> (SQLite 3.24+, PostgreSQL) on the context's connection and current
/// transaction, so two concurrent choices never raise a unique violation (nor abort a PostgreSQL transaction): the last one wins.</para>
/// </remarks>
internal static partial class RetentionChoiceStore
{
    /// <summary>Validates <paramref name="period"/> against the policy's bounds and stores it (upsert).</summary>
    /// <param name="context">A context whose model holds the retention tables.</param>
    /// <param name="options">The retention options.</param>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="category">The category.</param>
    /// <param name="period">The period, or <see langword="null"/> for indefinite.</param>
    /// <param name="chosenBy">Who chose it.</param>
    /// <param name="now">When.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>A task that completes when the choice is stored.</returns>
    /// <exception cref="ArgumentException"><paramref name="tenantId"/> or <paramref name="chosenBy"/> is blank or too long.</exception>
    /// <exception cref="DataGuardValidationException">The category is unknown or closed to choices, or the period is outside its bounds.</exception>
    public static async Task SetAsync(DbContext context, RetentionOptions options, string tenantId, string category, TimeSpan? period, string chosenBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ValidateText(tenantId, RetentionModel.TenantLength, nameof(tenantId));
        ValidateText(chosenBy, RetentionModel.IdentifierLength, nameof(chosenBy));
        Validate(options, category, period);

        var entityType = context.Model.FindEntityType(typeof(DataGuardRetentionChoiceEntity))
            ?? throw new InvalidOperationException($"{context.GetType().Name}'s model has no {RetentionModel.ChoiceTableName} table: call modelBuilder.AddDataGuard() in OnModelCreating.");
        var sql = context.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        IProperty Property(string name) => entityType.FindProperty(name)!;
        string Column(IProperty property) => sql.DelimitIdentifier(property.GetColumnName(table)!);
        var tenant = Property(nameof(DataGuardRetentionChoiceEntity.TenantId));
        var categoryProperty = Property(nameof(DataGuardRetentionChoiceEntity.Category));
        var ticks = Property(nameof(DataGuardRetentionChoiceEntity.PeriodTicks));
        var by = Property(nameof(DataGuardRetentionChoiceEntity.ChosenBy));
        var at = Property(nameof(DataGuardRetentionChoiceEntity.ChosenAtMicros));

        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = RawCommand.Create(context);
            await using var disposeCommand = command.ConfigureAwait(false);
            var values = string.Join(
                ", ",
                RawCommand.AddParameter(sql, command, tenant, "p0", tenantId),
                RawCommand.AddParameter(sql, command, categoryProperty, "p1", category),
                RawCommand.AddParameter(sql, command, ticks, "p2", period?.Ticks),
                RawCommand.AddParameter(sql, command, by, "p3", chosenBy),
                RawCommand.AddParameter(sql, command, at, "p4", LegalHoldReader.ToMicros(now)));
            command.CommandText =
                $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({Column(tenant)}, {Column(categoryProperty)}, {Column(ticks)}, {Column(by)}, {Column(at)}) "
                + $"VALUES ({values}) ON CONFLICT ({Column(tenant)}, {Column(categoryProperty)}) DO UPDATE SET "
                + $"{Column(ticks)} = excluded.{Column(ticks)}, {Column(by)} = excluded.{Column(by)}, {Column(at)} = excluded.{Column(at)}";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Removes a tenant's choice for a category.</summary>
    /// <param name="context">The context.</param>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="category">The category.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns><see langword="true"/> when a choice was removed.</returns>
    public static async Task<bool> ClearAsync(DbContext context, string tenantId, string category, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ValidateText(tenantId, RetentionModel.TenantLength, nameof(tenantId));
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        var deleted = await context.Set<DataGuardRetentionChoiceEntity>()
            .Where(c => c.TenantId == tenantId && c.Category == category)
            .ExecuteDeleteAsync(cancellationToken)
            .ConfigureAwait(false);
        return deleted > 0;
    }

    /// <summary>A tenant's choices: category to period (null = indefinite).</summary>
    /// <param name="context">The context.</param>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The choices.</returns>
    public static async Task<IReadOnlyDictionary<string, TimeSpan?>> GetAsync(DbContext context, string tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ValidateText(tenantId, RetentionModel.TenantLength, nameof(tenantId));
        var rows = await context.Set<DataGuardRetentionChoiceEntity>().AsNoTracking()
            .Where(c => c.TenantId == tenantId)
            .Select(c => new { c.Category, c.PeriodTicks })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var result = new Dictionary<string, TimeSpan?>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            result[row.Category] = ToPeriod(row.PeriodTicks);
        }

        return result;
    }

    /// <summary>Every tenant's choice for one category (tenant id to period; null = indefinite).</summary>
    /// <param name="context">The context.</param>
    /// <param name="category">The category.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The choices.</returns>
    public static async Task<IReadOnlyDictionary<string, TimeSpan?>> GetForCategoryAsync(DbContext context, string category, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        var rows = await context.Set<DataGuardRetentionChoiceEntity>().AsNoTracking()
            .Where(c => c.Category == category)
            .Select(c => new { c.TenantId, c.PeriodTicks })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var result = new Dictionary<string, TimeSpan?>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            result[row.TenantId] = ToPeriod(row.PeriodTicks);
        }

        return result;
    }

    /// <summary>Checks a choice against the options, throwing <see cref="DataGuardValidationException"/> that states the bounds.</summary>
    /// <param name="options">The retention options.</param>
    /// <param name="category">The category.</param>
    /// <param name="period">The period, or <see langword="null"/> for indefinite.</param>
    internal static void Validate(RetentionOptions options, string category, TimeSpan? period)
    {
        if (string.IsNullOrWhiteSpace(category) || !options.Policies.TryGetValue(category, out var policy))
        {
            throw new DataGuardValidationException(
                category is not null && CategoryPattern().IsMatch(category)
                    ? $"No retention policy has the category '{category}'."
                    : "No retention policy has that category.");
        }

        if (!policy.TenantMayChoose)
        {
            throw new DataGuardValidationException($"The retention policy '{category}' does not let tenants choose their period.");
        }

        var minimum = policy.TenantMinimum ?? TimeSpan.Zero;
        var maximum = policy.TenantMaximum;
        var bounds = $"between {Days(minimum)} and {(maximum is { } max ? Days(max) : "indefinite")}";
        if (period is { } value && value <= TimeSpan.Zero)
        {
            throw new DataGuardValidationException($"A retention period for '{category}' must be positive and {bounds}; {Days(value)} was given.");
        }

        var inBounds = period is { } p
            ? p >= minimum && (maximum is null || p <= maximum.Value)
            : maximum is null;
        if (!inBounds)
        {
            throw new DataGuardValidationException(
                $"The retention period for '{category}' must be {bounds}; {(period is { } given ? Days(given) : "indefinite")} was given.");
        }
    }

    /// <summary>A period in days for messages: <c>30 days</c>, <c>1 day</c>, <c>0.5 days</c>.</summary>
    internal static string Days(TimeSpan period)
    {
        var days = period.TotalDays;
        return days == 1 ? "1 day" : days.ToString("0.##", CultureInfo.InvariantCulture) + " days";
    }

    private static TimeSpan? ToPeriod(long? ticks) => ticks is { } t ? TimeSpan.FromTicks(t) : null;

    private static void ValidateText(string? value, int maxLength, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameterName);
        if (value.Length > maxLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The value is longer than {maxLength} characters."), parameterName);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryPattern();
}
