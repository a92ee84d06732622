// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.Auditing;

/// <summary>
/// Collects the data-subject hashes of entities with personal data materialized by an audited query (see
/// <see cref="AuditCommandInterceptor"/>), so the query's read record names its subjects. Projections materialize no entity: their
/// read records carry the row count only. Entities already tracked by the context are not materialized again, so a tracking query that
/// returns them adds no subject for them.
/// </summary>
internal sealed class AuditMaterializationInterceptor : IMaterializationInterceptor
{
    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        if (materializationData.EntityType is not IEntityType entityType
            || AuditReadTracker.Active(materializationData.Context) is not { } reads)
        {
            return entity;
        }

        if (AuditedEntityIndex.For(materializationData.Context).Find(entityType) is not { SubjectProperties.Length: > 0 } audited)
        {
            return entity;
        }

        foreach (var candidate in reads)
        {
            var added = candidate.TryAddSubjects(audited, () =>
            {
                var hashes = new string?[audited.SubjectProperties.Length];
                for (var i = 0; i < hashes.Length; i++)
                {
                    hashes[i] = candidate.Audit.HashSubject(materializationData.GetPropertyValue(audited.SubjectProperties[i]));
                }

                return hashes;
            });
            if (added)
            {
                break;
            }
        }

        return entity;
    }
}
