// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataGuard.Retention;

/// <summary>
/// Validates the policies and schedule of <see cref="RetentionOptions"/> at start-up, reporting every failure at once, each naming its
/// category.
/// </summary>
/// <remarks>
/// Checked: category names (<c>[a-z0-9][a-z0-9-]{0,63}</c>, the whole name); an entity and a timestamp; a positive period when one is set; statutory
/// policies keep with a legal basis; tenant choices with a positive minimum not above the maximum and the default period within the
/// bounds; anonymize policies name at least one property and markers only for those; archive policies have an
/// <see cref="RetentionOptions.ArchiveDirectory"/> while the archive is the default file-system one; <see cref="RetentionOptions.Interval"/>
/// at least one minute, <see cref="RetentionOptions.LeaseDuration"/> at least ten seconds, <see cref="RetentionOptions.DailyAt"/> within a day.
/// Whether the entity, timestamp and properties exist in the model is checked at start-up too, by the retention store's own validator
/// (<c>UseEntityFrameworkCore&lt;TContext&gt;()</c>), which reads the context's model.
/// </remarks>
internal sealed partial class RetentionPoliciesValidator(IServiceProvider services) : IValidateOptions<RetentionOptions>
{
    /// <summary>The shortest interval between scheduled runs.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);

    /// <summary>The shortest lease.</summary>
    public static readonly TimeSpan MinimumLeaseDuration = TimeSpan.FromSeconds(10);

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Interval < MinimumInterval)
        {
            failures.Add($"DataGuard:Retention:Interval must be at least one minute; it is {options.Interval}.");
        }

        if (options.LeaseDuration < MinimumLeaseDuration)
        {
            failures.Add($"DataGuard:Retention:LeaseDuration must be at least ten seconds; it is {options.LeaseDuration}.");
        }

        if (options.DailyAt is { } dailyAt && (dailyAt < TimeSpan.Zero || dailyAt >= TimeSpan.FromDays(1)))
        {
            failures.Add($"DataGuard:Retention:DailyAt must be a UTC time of day from 00:00 up to (not including) 24:00; it is {dailyAt}.");
        }

        var archives = false;
        foreach (var (category, policy) in options.Policies)
        {
            ValidatePolicy(category, policy, failures);
            archives |= policy?.Action == RetentionAction.Archive;
        }

        if (archives && string.IsNullOrWhiteSpace(options.ArchiveDirectory) && UsesFileSystemArchive())
        {
            failures.Add(
                "An archive policy needs DataGuard:Retention:ArchiveDirectory for the default file-system archive (JSON lines of stored, "
                + "still encrypted values), or register another IRetentionArchive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidatePolicy(string category, RetentionPolicyOptions? policy, List<string> failures)
    {
        var named = CategoryPattern().IsMatch(category ?? string.Empty);
        var label = named ? $"Retention policy '{category}'" : "A retention policy";
        if (!named)
        {
            // A category is configuration (a key of the section), never personal data; shown when short enough to read.
            var shown = category is { Length: <= 80 } ? $"'{category}' " : string.Empty;
            failures.Add($"The retention category {shown}must be lower-case letters, digits and '-', starting with a letter or digit, at most 64 characters (for example call-logs).");
        }

        if (policy is null)
        {
            failures.Add($"{label} is empty.");
            return;
        }

        if (policy.EntityClrType is null && string.IsNullOrWhiteSpace(policy.Entity))
        {
            failures.Add($"{label} names no entity (Entity: the entity's CLR name or full name).");
        }

        if (string.IsNullOrWhiteSpace(policy.Timestamp))
        {
            failures.Add($"{label} names no timestamp property (Timestamp).");
        }

        if (policy.Period is { } period && period <= TimeSpan.Zero)
        {
            failures.Add($"{label} has a period of {period}; it must be positive (omit it for indefinite).");
        }

        if (policy.Statutory)
        {
            if (policy.Action != RetentionAction.Keep)
            {
                failures.Add($"{label} is statutory, so its action must be Keep, not {policy.Action}.");
            }

            if (string.IsNullOrWhiteSpace(policy.LegalBasis))
            {
                failures.Add($"{label} is statutory but gives no legal basis (LegalBasis).");
            }
        }

        if (!Enum.IsDefined(policy.Action))
        {
            failures.Add($"{label} has an unknown action ({(int)policy.Action}).");
        }

        if (policy.TenantMayChoose)
        {
            ValidateBounds(label, policy, failures);
        }

        if (policy.Action == RetentionAction.Anonymize && policy.Anonymize.Count == 0)
        {
            failures.Add($"{label} anonymizes but names no property to anonymize (Anonymize).");
        }

        foreach (var marker in policy.Markers.Keys)
        {
            if (!policy.Anonymize.Contains(marker))
            {
                failures.Add($"{label} has a marker for {marker}, which is not one of its anonymized properties.");
            }
        }
    }

    private static void ValidateBounds(string label, RetentionPolicyOptions policy, List<string> failures)
    {
        if (policy.TenantMinimum is not { } minimum || minimum <= TimeSpan.Zero)
        {
            failures.Add($"{label} lets tenants choose, so it needs a positive TenantMinimum.");
            return;
        }

        if (policy.TenantMaximum is { } maximum && maximum < minimum)
        {
            failures.Add($"{label} has a TenantMaximum ({maximum}) below its TenantMinimum ({minimum}).");
            return;
        }

        var inBounds = policy.Period is { } period
            ? period >= minimum && (policy.TenantMaximum is null || period <= policy.TenantMaximum.Value)
            : policy.TenantMaximum is null;
        if (!inBounds)
        {
            var max = policy.TenantMaximum is { } m ? m.ToString() : "indefinite";
            failures.Add($"{label} has a default period ({(policy.Period is { } p ? p.ToString() : "indefinite")}) outside the bounds tenants may choose from ({minimum} to {max}).");
        }
    }

    private bool UsesFileSystemArchive()
    {
        try
        {
            return services.GetService<IRetentionArchive>() is null or FileSystemRetentionArchive;
        }
#pragma warning disable CA1031 // An archive that cannot be built here fails on its own at run time; this check only helps.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryPattern();
}
