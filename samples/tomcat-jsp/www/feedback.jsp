<% String t = request.getParameter("text"); %>Thanks (<%= t == null ? 0 : t.length() %> chars)
