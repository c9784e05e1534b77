package com.example.txndr.globaltable.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for DynamoDB's expression grammar. Condition precedence, loosest
 * first: OR, AND, NOT, then comparisons, BETWEEN, IN and functions; parentheses group. Names
 * are top-level attributes written raw (refused if a reserved word) or as {@code #placeholder};
 * nested document paths ({@code a.b}, {@code a[0]}) are refused as unsupported.
 */
public final class Parser {
  /** DynamoDB's reserved words (Developer Guide, "Reserved words in DynamoDB"). */
  private static final Set<String> RESERVED = loadReserved();

  public static final String CONDITION = "ConditionExpression";
  public static final String FILTER = "FilterExpression";
  public static final String KEY_CONDITION = "KeyConditionExpression";
  public static final String UPDATE = "UpdateExpression";
  public static final String PROJECTION = "ProjectionExpression";

  private enum T { NAME, HASH, COLON, NUMBER, LPAREN, RPAREN, COMMA, EQ, NE, LT, LE, GT, GE, PLUS, MINUS, DOT, LBRACKET, RBRACKET, EOF }

  private static final class Token {
    final T type;
    final String text;

    Token(T type, String text) {
      this.type = type;
      this.text = text;
    }
  }

  private final String kind;
  private final Placeholders placeholders;
  private final List<Token> tokens;
  private int pos;

  private Parser(String kind, String text, Placeholders placeholders) {
    this.kind = kind;
    this.placeholders = placeholders;
    this.tokens = lex(text);
    placeholders.expressionSeen();
  }

  /** A ConditionExpression, FilterExpression or KeyConditionExpression. */
  public static Ast.Cond condition(String kind, String text, Placeholders placeholders) {
    Parser p = new Parser(kind, text, placeholders);
    Ast.Cond c = p.or();
    p.expect(T.EOF);
    return c;
  }

  public static Ast.Update update(String text, Placeholders placeholders) {
    Parser p = new Parser(UPDATE, text, placeholders);
    Ast.Update u = p.updateExpression();
    p.expect(T.EOF);
    return u;
  }

  /** A ProjectionExpression: the attribute names, in order, without duplicates. */
  public static List<String> projection(String text, Placeholders placeholders) {
    Parser p = new Parser(PROJECTION, text, placeholders);
    List<String> names = new ArrayList<>();
    do {
      String name = p.path().name;
      if (names.contains(name)) {
        throw DynamoException.validation("Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ["
            + name + "], path two: [" + name + "]");
      }
      names.add(name);
    } while (p.accept(T.COMMA));
    p.expect(T.EOF);
    return names;
  }

  // ---- lexer ----

  private List<Token> lex(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '#' || c == ':') {
        int j = i + 1;
        while (j < s.length() && isWordChar(s.charAt(j))) {
          j++;
        }
        if (j == i + 1) {
          throw syntax(String.valueOf(c), s.substring(i, Math.min(s.length(), i + 2)));
        }
        out.add(new Token(c == '#' ? T.HASH : T.COLON, s.substring(i, j)));
        i = j;
        continue;
      }
      if (Character.isLetter(c) || c == '_') {
        int j = i + 1;
        while (j < s.length() && isWordChar(s.charAt(j))) {
          j++;
        }
        out.add(new Token(T.NAME, s.substring(i, j)));
        i = j;
        continue;
      }
      if (Character.isDigit(c)) {
        int j = i + 1;
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
          j++;
        }
        out.add(new Token(T.NUMBER, s.substring(i, j)));
        i = j;
        continue;
      }
      String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
      if (two.equals("<>") || two.equals("<=") || two.equals(">=")) {
        out.add(new Token(two.equals("<>") ? T.NE : two.equals("<=") ? T.LE : T.GE, two));
        i += 2;
        continue;
      }
      T t;
      switch (c) {
        case '(':
          t = T.LPAREN;
          break;
        case ')':
          t = T.RPAREN;
          break;
        case ',':
          t = T.COMMA;
          break;
        case '=':
          t = T.EQ;
          break;
        case '<':
          t = T.LT;
          break;
        case '>':
          t = T.GT;
          break;
        case '+':
          t = T.PLUS;
          break;
        case '-':
          t = T.MINUS;
          break;
        case '.':
          t = T.DOT;
          break;
        case '[':
          t = T.LBRACKET;
          break;
        case ']':
          t = T.RBRACKET;
          break;
        default:
          throw DynamoException.validation("Invalid " + kind + ": Invalid character encountered; character: " + c);
      }
      out.add(new Token(t, String.valueOf(c)));
      i++;
    }
    out.add(new Token(T.EOF, "<EOF>"));
    return out;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  // ---- helpers ----

  private Token peek() {
    return tokens.get(pos);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
  }

  private boolean accept(T type) {
    if (peek().type == type) {
      pos++;
      return true;
    }
    return false;
  }

  private Token expect(T type) {
    Token t = peek();
    if (t.type != type) {
      throw syntaxHere();
    }
    pos++;
    return t;
  }

  private boolean keyword(String word) {
    Token t = peek();
    return t.type == T.NAME && t.text.equalsIgnoreCase(word);
  }

  private boolean acceptKeyword(String word) {
    if (keyword(word)) {
      pos++;
      return true;
    }
    return false;
  }

  private DynamoException syntaxHere() {
    Token t = peek();
    StringBuilder near = new StringBuilder();
    if (pos > 0) {
      near.append(tokens.get(pos - 1).text);
    }
    if (t.type != T.EOF) {
      near.append(near.length() > 0 ? " " : "").append(t.text);
      Token next = peek(1);
      if (next.type != T.EOF) {
        near.append(' ').append(next.text);
      }
    }
    return syntax(t.text, near.toString());
  }

  private DynamoException syntax(String token, String near) {
    return DynamoException.validation("Invalid " + kind + ": Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
  }

  // ---- names and operands ----

  /** A top-level attribute: a raw name that is not reserved, or a #placeholder. */
  private Ast.Path path() {
    Token t = peek();
    String name;
    if (t.type == T.HASH) {
      pos++;
      name = placeholders.name(t.text, kind);
    } else if (t.type == T.NAME) {
      pos++;
      if (RESERVED.contains(t.text.toUpperCase(Locale.ROOT))) {
        throw DynamoException.validation("Invalid " + kind + ": Attribute name is a reserved keyword; reserved keyword: " + t.text);
      }
      name = t.text;
    } else {
      throw syntaxHere();
    }
    if (peek().type == T.DOT || peek().type == T.LBRACKET) {
      throw DynamoException.unsupported("nested document paths (a.b, a[0]) in " + kind + ": " + t.text + peek().text);
    }
    return new Ast.Path(name);
  }

  private boolean atFunction() {
    return peek().type == T.NAME && peek(1).type == T.LPAREN;
  }

  /** A condition operand: a path, a :value or size(path). */
  private Ast.Operand operand() {
    Token t = peek();
    if (t.type == T.COLON) {
      pos++;
      return new Ast.Literal(placeholders.value(t.text, kind));
    }
    if (atFunction()) {
      String fn = t.text;
      if (fn.equals("size")) {
        pos += 2;
        Ast.Path p = path();
        expect(T.RPAREN);
        return new Ast.Size(p);
      }
      if (isConditionFunction(fn) || fn.equals("if_not_exists") || fn.equals("list_append")) {
        throw DynamoException.validation("Invalid " + kind + ": The function is not allowed to be used this way in an expression; function: " + fn);
      }
      throw DynamoException.validation("Invalid " + kind + ": Invalid function name; function: " + fn);
    }
    return path();
  }

  private static boolean isConditionFunction(String fn) {
    switch (fn) {
      case "attribute_exists":
      case "attribute_not_exists":
      case "attribute_type":
      case "begins_with":
      case "contains":
        return true;
      default:
        return false;
    }
  }

  // ---- conditions ----

  private Ast.Cond or() {
    Ast.Cond left = and();
    while (acceptKeyword("OR")) {
      left = new Ast.Or(left, and());
    }
    return left;
  }

  private Ast.Cond and() {
    Ast.Cond left = not();
    while (acceptKeyword("AND")) {
      left = new Ast.And(left, not());
    }
    return left;
  }

  private Ast.Cond not() {
    if (acceptKeyword("NOT")) {
      return new Ast.Not(not());
    }
    return primary();
  }

  private Ast.Cond primary() {
    if (accept(T.LPAREN)) {
      Ast.Cond inner = or();
      expect(T.RPAREN);
      return inner;
    }
    if (atFunction() && isConditionFunction(peek().text)) {
      return function();
    }
    Ast.Operand left = operand();
    Token t = peek();
    switch (t.type) {
      case EQ:
        pos++;
        return new Ast.Compare(Ast.Comparator.EQ, left, operand());
      case NE:
        pos++;
        return new Ast.Compare(Ast.Comparator.NE, left, operand());
      case LT:
        pos++;
        return new Ast.Compare(Ast.Comparator.LT, left, operand());
      case LE:
        pos++;
        return new Ast.Compare(Ast.Comparator.LE, left, operand());
      case GT:
        pos++;
        return new Ast.Compare(Ast.Comparator.GT, left, operand());
      case GE:
        pos++;
        return new Ast.Compare(Ast.Comparator.GE, left, operand());
      default:
        break;
    }
    if (acceptKeyword("BETWEEN")) {
      Ast.Operand low = operand();
      if (!acceptKeyword("AND")) {
        throw syntaxHere();
      }
      Ast.Operand high = operand();
      checkBounds(low, high);
      return new Ast.Between(left, low, high);
    }
    if (acceptKeyword("IN")) {
      expect(T.LPAREN);
      List<Ast.Operand> candidates = new ArrayList<>();
      do {
        candidates.add(operand());
      } while (accept(T.COMMA));
      expect(T.RPAREN);
      if (candidates.size() > 100) {
        throw DynamoException.validation("Invalid " + kind + ": The IN operator is provided with too many operands; number of operands: " + candidates.size());
      }
      return new Ast.In(left, candidates);
    }
    throw syntaxHere();
  }

  private void checkBounds(Ast.Operand low, Ast.Operand high) {
    if (low instanceof Ast.Literal && high instanceof Ast.Literal) {
      Value lo = ((Ast.Literal) low).value;
      Value hi = ((Ast.Literal) high).value;
      if (lo.type() == hi.type() && lo.isScalarKeyType() && Value.compare(lo, hi) > 0) {
        throw DynamoException.validation("Invalid " + kind
            + ": The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: "
            + lo + ", upper bound operand: AttributeValue: " + hi);
      }
    }
  }

  private Ast.Cond function() {
    String fn = peek().text;
    pos += 2;
    Ast.Cond result;
    switch (fn) {
      case "attribute_exists":
        result = new Ast.Exists(path(), true);
        break;
      case "attribute_not_exists":
        result = new Ast.Exists(path(), false);
        break;
      case "attribute_type": {
        Ast.Path p = path();
        expect(T.COMMA);
        Ast.Operand t = operand();
        if (!(t instanceof Ast.Literal) || ((Ast.Literal) t).value.type() != Value.Type.S) {
          throw DynamoException.validation("Invalid " + kind + ": Incorrect operand type for operator or function; operator or function: attribute_type, operand type: "
              + (t instanceof Ast.Literal ? ((Ast.Literal) t).value.type().name() : "path"));
        }
        String name = ((Ast.Literal) t).value.s();
        Value.Type type;
        try {
          type = Value.Type.valueOf(name);
        } catch (IllegalArgumentException e) {
          throw DynamoException.validation("Invalid " + kind + ": Invalid attribute type name found; type: " + name
              + ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
        }
        result = new Ast.AttributeType(p, type);
        break;
      }
      case "begins_with": {
        Ast.Operand subject = operand();
        expect(T.COMMA);
        Ast.Operand prefix = operand();
        checkLiteralType("begins_with", subject);
        checkLiteralType("begins_with", prefix);
        result = new Ast.BeginsWith(subject, prefix);
        break;
      }
      case "contains": {
        Ast.Operand subject = operand();
        expect(T.COMMA);
        result = new Ast.Contains(subject, operand());
        break;
      }
      default:
        throw new IllegalStateException(fn);
    }
    expect(T.RPAREN);
    return result;
  }

  private void checkLiteralType(String fn, Ast.Operand operand) {
    if (operand instanceof Ast.Literal) {
      Value.Type t = ((Ast.Literal) operand).value.type();
      if (t != Value.Type.S && t != Value.Type.B) {
        throw DynamoException.validation("Invalid " + kind + ": Incorrect operand type for operator or function; operator or function: "
            + fn + ", operand type: " + t);
      }
    }
  }

  // ---- update expressions ----

  private Ast.Update updateExpression() {
    Ast.Update u = new Ast.Update();
    Set<String> clauses = new HashSet<>();
    if (peek().type == T.EOF) {
      throw syntaxHere();
    }
    while (peek().type != T.EOF) {
      Token t = peek();
      String clause = t.type == T.NAME ? t.text.toUpperCase(Locale.ROOT) : "";
      if (!clause.equals("SET") && !clause.equals("REMOVE") && !clause.equals("ADD") && !clause.equals("DELETE")) {
        throw syntaxHere();
      }
      pos++;
      if (!clauses.add(clause)) {
        throw DynamoException.validation("Invalid UpdateExpression: The \"" + clause + "\" section can only be used once in an update expression;");
      }
      do {
        switch (clause) {
          case "SET": {
            Ast.Path p = path();
            expect(T.EQ);
            u.setPaths.add(p);
            u.setValues.add(setValue());
            break;
          }
          case "REMOVE":
            u.removes.add(path());
            break;
          case "ADD": {
            Ast.Path p = path();
            Value v = updateLiteral();
            if (v.type() != Value.Type.N && !v.isSet()) {
              throw DynamoException.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: "
                  + typeWord(v.type()));
            }
            u.addPaths.add(p);
            u.addValues.add(v);
            break;
          }
          default: {
            Ast.Path p = path();
            Value v = updateLiteral();
            if (!v.isSet()) {
              throw DynamoException.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: "
                  + typeWord(v.type()));
            }
            u.deletePaths.add(p);
            u.deleteValues.add(v);
            break;
          }
        }
      } while (accept(T.COMMA));
    }
    List<String> targets = u.targets();
    for (int i = 0; i < targets.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (targets.get(i).equals(targets.get(j))) {
          throw DynamoException.validation("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ["
              + targets.get(j) + "], path two: [" + targets.get(i) + "]");
        }
      }
    }
    return u;
  }

  private static String typeWord(Value.Type t) {
    switch (t) {
      case S:
        return "STRING";
      case N:
        return "NUMBER";
      case B:
        return "BINARY";
      case BOOL:
        return "BOOLEAN";
      case NULL:
        return "NULL";
      case M:
        return "MAP";
      case L:
        return "LIST";
      default:
        return t.name();
    }
  }

  private Value updateLiteral() {
    Token t = peek();
    if (t.type != T.COLON) {
      throw syntaxHere();
    }
    pos++;
    return placeholders.value(t.text, kind);
  }

  /** {@code operand}, {@code operand + operand} or {@code operand - operand}. */
  private Ast.Operand setValue() {
    Ast.Operand left = setOperand();
    if (accept(T.PLUS)) {
      return new Ast.Arithmetic(true, left, setOperand());
    }
    if (accept(T.MINUS)) {
      return new Ast.Arithmetic(false, left, setOperand());
    }
    return left;
  }

  /** A path, a :value, if_not_exists(path, operand) or list_append(operand, operand). */
  private Ast.Operand setOperand() {
    Token t = peek();
    if (t.type == T.COLON) {
      pos++;
      return new Ast.Literal(placeholders.value(t.text, kind));
    }
    if (atFunction()) {
      pos += 2;
      Ast.Operand result;
      switch (t.text) {
        case "if_not_exists": {
          Ast.Path p = path();
          expect(T.COMMA);
          result = new Ast.IfNotExists(p, setOperand());
          break;
        }
        case "list_append": {
          Ast.Operand a = setOperand();
          expect(T.COMMA);
          result = new Ast.ListAppend(a, setOperand());
          break;
        }
        default:
          if (isConditionFunction(t.text) || t.text.equals("size")) {
            throw DynamoException.validation("Invalid UpdateExpression: The function is not allowed in an update expression; function: " + t.text);
          }
          throw DynamoException.validation("Invalid UpdateExpression: Invalid function name; function: " + t.text);
      }
      expect(T.RPAREN);
      return result;
    }
    return path();
  }

  private static Set<String> loadReserved() {
    Set<String> words = new HashSet<>();
    try (InputStream in = Parser.class.getResourceAsStream("reserved-words.txt")) {
      if (in == null) {
        throw new IllegalStateException("reserved-words.txt missing from the classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank()) {
          words.add(line.trim().toUpperCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return words;
  }
}
