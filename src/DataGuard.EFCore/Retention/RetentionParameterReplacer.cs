// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Linq.Expressions;

namespace DataGuard.EFCore.Retention;

/// <summary>Rebinds a one-parameter predicate to another row expression (a predicate built by one runner, used inside another's query).</summary>
internal sealed class RetentionParameterReplacer : ExpressionVisitor
{
    private readonly ParameterExpression _from;
    private readonly Expression _to;

    private RetentionParameterReplacer(ParameterExpression from, Expression to)
    {
        _from = from;
        _to = to;
    }

    /// <summary>The body of <paramref name="lambda"/> with its parameter replaced by <paramref name="argument"/>.</summary>
    public static Expression Apply(LambdaExpression lambda, Expression argument) => new RetentionParameterReplacer(lambda.Parameters[0], argument).Visit(lambda.Body);

    protected override Expression VisitParameter(ParameterExpression node) => node == _from ? _to : base.VisitParameter(node);
}
