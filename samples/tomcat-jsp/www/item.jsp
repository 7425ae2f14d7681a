<h2>Item <%= Integer.parseInt(request.getParameter("id") == null ? "1" : request.getParameter("id")) %></h2>
