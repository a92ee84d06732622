// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace DataGuard.EFCore.Query;

/// <summary>
/// Refuses every use of an encrypted property that the database would evaluate on ciphertext and so silently get wrong:
/// comparisons (other than with <see langword="null"/>), <c>Contains</c>, string functions, ordering, grouping, distinct,
/// aggregates, set operations, and operators applied after a projection of encrypted values. Plain projections and
/// null checks stay allowed; equality search goes through <c>WhereEquals</c> and the blind index.
/// </summary>
internal sealed class EncryptedQueryValidator
{
    // Operators that neither look at nor compare the values of a projection, so they may follow a projection of encrypted values.
    private static readonly HashSet<string> PassThroughOperators = new(StringComparer.Ordinal)
    {
        "AsNoTracking", "AsTracking", "AsNoTrackingWithIdentityResolution", "TagWith", "TagWithCallSite", "IgnoreQueryFilters",
        "IgnoreAutoIncludes", "AsSplitQuery", "AsSingleQuery", "Take", "Skip", "First", "FirstOrDefault", "Single", "SingleOrDefault",
        "Last", "LastOrDefault", "ElementAt", "ElementAtOrDefault", "Count", "LongCount", "Any", "ToList", "ToArray", "AsEnumerable",
        "AsQueryable", "AsAsyncEnumerable", "DefaultIfEmpty", "FirstAsync", "FirstOrDefaultAsync", "SingleAsync", "SingleOrDefaultAsync",
        "CountAsync", "LongCountAsync", "AnyAsync", "ToListAsync", "ToArrayAsync", "LastAsync", "LastOrDefaultAsync",
    };

    private readonly EncryptedMemberIndex _members;
    private readonly string _context;

    public EncryptedQueryValidator(EncryptedMemberIndex members, string context = "the query")
    {
        _members = members;
        _context = context;
    }

    public void Validate(Expression query) => AnalyzeSequence(query);

    public void ValidateFilter(LambdaExpression filter) => ValidateScalar(filter.Body);

    /// <summary>
    /// Validates a query operator chain; returns the name of an encrypted property it yields (a projection of encrypted values),
    /// or <see langword="null"/> when it yields none.
    /// </summary>
    private string? AnalyzeSequence(Expression expression)
    {
        expression = StripConvert(expression);
        if (expression is not MethodCallExpression call || !IsQueryOperator(call.Method))
        {
            if (expression is not QueryRootExpression)
            {
                ValidateScalar(expression);
            }

            return null;
        }

        var name = call.Method.Name;
        if (name is "ExecuteUpdate" or "ExecuteUpdateAsync")
        {
            AnalyzeSequence(call.Arguments[0]);
            ValidateSetters(call.Arguments[1]);
            return null;
        }

        var sourceYieldsEncrypted = call.Arguments.Count > 0 && IsSequence(call.Arguments[0].Type)
            ? AnalyzeSequence(call.Arguments[0])
            : ValidateScalarAndReturnNull(call.Arguments.Count > 0 ? call.Arguments[0] : null);

        var hasLambda = false;
        string? yieldsEncrypted = null;
        for (var i = 1; i < call.Arguments.Count; i++)
        {
            var argument = call.Arguments[i];
            if (Unquote(argument) is LambdaExpression lambda)
            {
                hasLambda = true;
                if (IsResultSelector(name, i, call.Arguments.Count))
                {
                    yieldsEncrypted = First(yieldsEncrypted, Project(lambda.Body));
                }
                else if (name is "SelectMany" && i == 1)
                {
                    yieldsEncrypted = First(yieldsEncrypted, AnalyzeSequence(lambda.Body));
                }
                else
                {
                    ValidateScalar(lambda.Body);
                }
            }
            else if (IsSequence(argument.Type))
            {
                if (AnalyzeSequence(argument) is { } combined)
                {
                    throw Refuse($"{name} combines a sequence of encrypted values ({combined}), which the database cannot compare");
                }
            }
            else
            {
                ValidateScalar(argument);
            }
        }

        if (sourceYieldsEncrypted is not null && (hasLambda || !PassThroughOperators.Contains(name)))
        {
            throw Refuse($"{name} is applied after the encrypted property {sourceYieldsEncrypted} was projected, and the database would evaluate it on ciphertext. "
                + "Filter, order and group before the final Select, or do it in memory after the query");
        }

        return name switch
        {
            "Select" or "SelectMany" or "Join" or "GroupJoin" or "Zip" => yieldsEncrypted,
            _ => sourceYieldsEncrypted,
        };
    }

    private static bool IsResultSelector(string name, int index, int count) => name switch
    {
        "Select" => index == 1,
        "SelectMany" => index == count - 1 && count == 3,
        "Join" or "GroupJoin" => index == 4,
        _ => false,
    };

    /// <summary>
    /// Validates a projection body; returns the name of an encrypted property it passes through to the result, or
    /// <see langword="null"/> when it passes none.
    /// </summary>
    private string? Project(Expression expression)
    {
        switch (expression)
        {
            case MemberExpression member when IsEncrypted(member):
                return Describe(member);
            case MethodCallExpression call when IsEncryptedPropertyCall(call):
                return Describe(call);
            case MethodCallExpression call when IsQueryOperator(call.Method):
                return AnalyzeSequence(call);
            case NewExpression @new:
                return @new.Arguments.Aggregate((string?)null, (found, argument) => First(found, Project(argument)));
            case MemberInitExpression init:
                return init.Bindings.Aggregate(Project(init.NewExpression), (found, binding) => First(found, ProjectBinding(binding)));
            case NewArrayExpression array when array.NodeType == ExpressionType.NewArrayInit:
                return array.Expressions.Aggregate((string?)null, (found, element) => First(found, Project(element)));
            case ListInitExpression list:
                return list.Initializers.SelectMany(i => i.Arguments).Aggregate(Project(list.NewExpression), (found, argument) => First(found, Project(argument)));
            case UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs } unary:
                return Project(unary.Operand);
            case ConditionalExpression conditional:
                ValidateScalar(conditional.Test);
                return First(Project(conditional.IfTrue), Project(conditional.IfFalse));
            default:
                ValidateScalar(expression);
                return null;
        }
    }

    private string? ProjectBinding(MemberBinding binding) => binding switch
    {
        MemberAssignment assignment => Project(assignment.Expression),
        MemberMemberBinding nested => nested.Bindings.Aggregate((string?)null, (found, b) => First(found, ProjectBinding(b))),
        MemberListBinding list => list.Initializers.SelectMany(i => i.Arguments).Aggregate((string?)null, (found, argument) => First(found, Project(argument))),
        _ => null,
    };

    // Both arguments are evaluated by the caller (every part of a projection is validated); the first name found is kept.
    private static string? First(string? found, string? next) => found ?? next;

    private string? ValidateScalarAndReturnNull(Expression? expression)
    {
        if (expression is not null)
        {
            ValidateScalar(expression);
        }

        return null;
    }

    private void ValidateScalar(Expression expression) => new ScalarVisitor(this).Visit(expression);

    private void ValidateSetters(Expression setters)
    {
        if (setters is not NewArrayExpression array)
        {
            ValidateScalar(setters);
            return;
        }

        foreach (var setter in array.Expressions)
        {
            if (setter is not NewExpression { Arguments.Count: 2 } tuple || Unquote(tuple.Arguments[0]) is not LambdaExpression target)
            {
                ValidateScalar(setter);
                continue;
            }

            var targetBody = StripConvert(target.Body);
            var targetEncrypted = targetBody is MemberExpression m ? IsEncrypted(m) : targetBody is MethodCallExpression c && IsEncryptedPropertyCall(c);
            var value = tuple.Arguments[1];
            if (targetEncrypted)
            {
                var property = Describe(targetBody);
                throw _members.IsSearchable(targetBody)
                    ? Refuse($"ExecuteUpdate cannot maintain the blind index of {property}. Load the entities and save them with SaveChanges instead")
                    : Refuse($"ExecuteUpdate cannot set the encrypted {property}: a value computed in .NET would be encrypted once and every updated row "
                        + "would share one ciphertext (revealing that they are equal), and a database expression would run on ciphertext. Load the "
                        + "entities and save them with SaveChanges instead");
            }

            if (_members.IsTokenized(targetBody))
            {
                throw Refuse($"ExecuteUpdate cannot set the tokenized {Describe(targetBody)}: its column holds tokens, which are created in the token "
                    + "vault when the entity is saved, and ExecuteUpdate would write the value itself (or an unchecked token) into it. Load the entities "
                    + "and save them with SaveChanges instead");
            }

            if (_members.IsPhoneNumber(targetBody))
            {
                throw Refuse($"ExecuteUpdate cannot set the phone number {Describe(targetBody)}: phone numbers are validated and normalised to E.164 "
                    + "when the entity is saved, and ExecuteUpdate would write the value unchecked. Load the entities and save them with SaveChanges instead");
            }

            if (Unquote(value) is LambdaExpression valueLambda)
            {
                ValidateScalar(valueLambda.Body);
            }
        }
    }

    private bool IsEncrypted(MemberExpression member)
        => member.Expression is not null && _members.IsEncrypted(member.Member, EncryptedMemberIndex.InstanceType(member.Expression));

    private bool IsEncryptedPropertyCall(MethodCallExpression call)
        => (call.Method.DeclaringType == typeof(EF)
                && call.Method.Name == nameof(EF.Property)
                && call.Arguments.Count == 2
                && call.Arguments[1] is ConstantExpression { Value: string name }
                && _members.IsEncrypted(EncryptedMemberIndex.InstanceType(call.Arguments[0]), name))
            || (call is { Object: { } instance, Method.Name: "get_Item", Arguments: [ConstantExpression { Value: string indexed }] }
                && _members.IsEncrypted(EncryptedMemberIndex.InstanceType(instance), indexed));

    private static bool IsQueryOperator(MethodInfo method)
    {
        var type = method.DeclaringType;
        return type == typeof(Queryable)
            || type == typeof(Enumerable)
            || type == typeof(EntityFrameworkQueryableExtensions)
            || type == typeof(RelationalQueryableExtensions);
    }

    private static bool IsSequence(Type type)
        => type != typeof(string) && type != typeof(byte[]) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    private static Expression? Unquote(Expression expression) => expression is UnaryExpression { NodeType: ExpressionType.Quote } quote ? quote.Operand : expression;

    private static Expression StripConvert(Expression expression)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } unary)
        {
            expression = unary.Operand;
        }

        return expression;
    }

    private static bool IsNull(Expression expression)
        => StripConvert(expression) is ConstantExpression { Value: null } or DefaultExpression;

    private static string Describe(Expression expression) => expression switch
    {
        MemberExpression { Expression: { } instance } member => $"{EncryptedMemberIndex.InstanceType(instance).Name}.{member.Member.Name}",
        MemberExpression member => $"{member.Member.DeclaringType?.Name}.{member.Member.Name}",
        MethodCallExpression { Arguments: [var instance, ConstantExpression { Value: string name }] } => $"{EncryptedMemberIndex.InstanceType(instance).Name}.{name}",
        MethodCallExpression { Object: { } instance, Arguments: [ConstantExpression { Value: string indexed }] } => $"{EncryptedMemberIndex.InstanceType(instance).Name}[\"{indexed}\"]",
        _ => "an encrypted property",
    };

    private DataGuardQueryException Refuse(string reason)
        => new($"DataGuard refused {_context}: {reason}.");

    private DataGuardQueryException RefuseUse(Expression encrypted, string how)
        => Refuse($"{Describe(encrypted)} is encrypted, so {how} would be evaluated on ciphertext and return wrong results. "
            + "Use WhereEquals/WhereEqualsAny (blind index) for equality on searchable properties; other predicates, ordering and grouping "
            + "on encrypted values are not possible in the database");

    /// <summary>Visits a scalar expression: encrypted properties may only be compared with null, or passed to nested query operators.</summary>
    private sealed class ScalarVisitor(EncryptedQueryValidator owner) : ExpressionVisitor
    {
        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType is ExpressionType.Equal or ExpressionType.NotEqual)
            {
                var left = StripConvert(node.Left);
                var right = StripConvert(node.Right);
                if (IsEncryptedOperand(left) && IsNull(right))
                {
                    return node;
                }

                if (IsEncryptedOperand(right) && IsNull(left))
                {
                    return node;
                }

                if (IsEncryptedOperand(left) || IsEncryptedOperand(right))
                {
                    throw owner.RefuseUse(IsEncryptedOperand(left) ? left : right, "comparing it with a value");
                }
            }

            return base.VisitBinary(node);
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (owner.IsEncrypted(node))
            {
                throw owner.RefuseUse(node, "using it here (ordering, grouping, comparison or a function on it)");
            }

            // A plain member of a complex value that holds encrypted properties (c.Billing.Country) is an ordinary column.
            if (owner._members.IsEncryptedComplex(node.Expression))
            {
                return node;
            }

            return base.VisitMember(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (owner.IsEncryptedPropertyCall(node))
            {
                throw owner.RefuseUse(node, "using it here (ordering, grouping, comparison or a function on it)");
            }

            if (IsQueryOperator(node.Method))
            {
                if (owner.AnalyzeSequence(node) is { } projected && !IsSequence(node.Type))
                {
                    throw owner.Refuse($"{node.Method.Name} reads the encrypted property {projected} inside a predicate, where the database would evaluate it on ciphertext");
                }

                return node;
            }

            return base.VisitMethodCall(node);
        }

        protected override Expression VisitExtension(Expression node)
            => node is QueryRootExpression ? node : base.VisitExtension(node);

        private bool IsEncryptedOperand(Expression expression)
            => (expression is MemberExpression member && owner.IsEncrypted(member))
                || (expression is MethodCallExpression call && owner.IsEncryptedPropertyCall(call));
    }
}
