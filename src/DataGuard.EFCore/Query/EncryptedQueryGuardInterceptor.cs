// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DataGuard.EFCore.Query;

/// <summary>
/// Validates every query (once per query shape: EF Core caches compiled queries) before it is translated.
/// </summary>
internal sealed class EncryptedQueryGuardInterceptor : IQueryExpressionInterceptor
{
    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData)
    {
        if (eventData.Context is { } context && !TrustedQueryScope.IsActive)
        {
            var members = EncryptedMemberIndex.For(context.Model);
            if (!members.IsEmpty)
            {
                new EncryptedQueryValidator(members).Validate(queryExpression);
            }
        }

        return queryExpression;
    }
}
